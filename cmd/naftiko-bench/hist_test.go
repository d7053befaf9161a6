package main

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestBucketRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := []uint64{0, 1, 127, 128, 129, 255, 256, 1000, 1 << 20, 1<<47 - 1}
	for range 10000 {
		values = append(values, rng.Uint64N(1<<uint(rng.IntN(47)+1)))
	}
	for _, v := range values {
		i := bucketOf(v)
		if i < 0 || i >= nBuckets {
			t.Fatalf("bucketOf(%d) = %d, outside [0, %d)", v, i, nBuckets)
		}
		mid := bucketMid(i)
		diff := max(mid, v) - min(mid, v)
		if diff > v/64 {
			t.Errorf("value %d: bucket %d middle %d is %d away (more than 1/64)", v, i, mid, diff)
		}
		if i > 0 && bucketOf(bucketMid(i-1)) != i-1 {
			t.Errorf("bucket %d: its middle %d falls into %d", i-1, bucketMid(i-1),
				bucketOf(bucketMid(i-1)))
		}
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var a, b histogram
	for i := 1; i <= 10000; i++ {
		h := &a
		if i%2 == 0 {
			h = &b
		}
		h.record(time.Duration(i) * time.Microsecond)
	}
	a.merge(&b)
	tests := []struct {
		q    float64
		want time.Duration
	}{
		{0.5, 5000 * time.Microsecond},
		{0.99, 9900 * time.Microsecond},
		{1, 10000 * time.Microsecond},
	}
	for _, tt := range tests {
		got := a.quantile(tt.q)
		if d := max(got, tt.want) - min(got, tt.want); d > tt.want/64 {
			t.Errorf("quantile(%v) = %v, want %v within 1/64", tt.q, got, tt.want)
		}
	}
	if a.n != 10000 {
		t.Errorf("count = %d, want 10000", a.n)
	}
	if got, want := a.mean(), 5000500*time.Nanosecond; got != want {
		t.Errorf("mean = %v, want %v", got, want)
	}
	var empty histogram
	if empty.quantile(0.5) != 0 || empty.mean() != 0 {
		t.Errorf("empty histogram: quantile %v mean %v, want 0", empty.quantile(0.5), empty.mean())
	}
}
