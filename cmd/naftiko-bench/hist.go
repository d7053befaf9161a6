package main

import (
	"math/bits"
	"time"
)

// The latency histogram is log-linear, in the manner of HDR histograms:
// values below 2^subBits nanoseconds each have their own bucket, and every
// power of two above that is split into 2^(subBits-1) equal buckets. With
// subBits = 7 a recorded value is off by at most 1/64 of itself (about 0.8%
// once the bucket midpoint is reported), which is plenty for p50 and p99.
const (
	subBits  = 7
	halfSub  = 1 << (subBits - 1)
	maxShift = 40 // values up to 2^47 ns (about 39 hours)
	nBuckets = (maxShift + 2) * halfSub
)

// histogram counts latencies. It is not safe for concurrent use: every load
// worker keeps its own and they are merged at the end.
type histogram struct {
	counts [nBuckets]uint64
	n      uint64
	sum    uint64
	max    uint64
}

func bucketOf(v uint64) int {
	if v < 1<<subBits {
		return int(v)
	}
	shift := bits.Len64(v) - subBits
	if shift > maxShift {
		return nBuckets - 1
	}
	return shift*halfSub + int(v>>uint(shift))
}

// bucketMid returns the middle of the values that fall into bucket i.
func bucketMid(i int) uint64 {
	if i < 1<<subBits {
		return uint64(i)
	}
	shift := i/halfSub - 1
	m := uint64(i - shift*halfSub)
	lo := m << uint(shift)
	return lo + (uint64(1)<<uint(shift))/2
}

// record adds one latency.
func (h *histogram) record(d time.Duration) {
	v := uint64(max(d, 0))
	h.counts[bucketOf(v)]++
	h.n++
	h.sum += v
	h.max = max(h.max, v)
}

// merge adds the counts of o to h.
func (h *histogram) merge(o *histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.max = max(h.max, o.max)
}

// quantile returns the latency below which the fraction q of the recorded
// values fall; zero when nothing was recorded.
func (h *histogram) quantile(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(q*float64(h.n) + 0.5)
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return time.Duration(min(bucketMid(i), h.max))
		}
	}
	return time.Duration(h.max)
}

// mean returns the average latency; zero when nothing was recorded.
func (h *histogram) mean() time.Duration {
	if h.n == 0 {
		return 0
	}
	return time.Duration(h.sum / h.n)
}
