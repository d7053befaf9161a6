package consumer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

const selectorPage = `<html><body>
<div id="main" class="box wide">
  <table id="t1" data-kind="prices"></table>
  <section><table id="t2" class="x"></table></section>
</div>
<table id="t3" data-kind="other" class="x y"></table>
</body></html>`

func TestSelector(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(selectorPage))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		sel  string
		want []string // ids
	}{
		{"table", []string{"t1", "t2", "t3"}},
		{"#t2", []string{"t2"}},
		{"table.x", []string{"t2", "t3"}},
		{".x.y", []string{"t3"}},
		{"div table", []string{"t1", "t2"}},
		{"div > table", []string{"t1"}},
		{"div.box.wide>section>table", []string{"t2"}},
		{"body > *", []string{"main", "t3"}},
		{"[data-kind]", []string{"t1", "t3"}},
		{`table[data-kind="prices"]`, []string{"t1"}},
		{"[data-kind=other], #t1", []string{"t1", "t3"}},
		{"span", nil},
	}
	for _, tc := range tests {
		s, err := parseSelector(tc.sel)
		if err != nil {
			t.Errorf("%q: %v", tc.sel, err)
			continue
		}
		var got []string
		for _, n := range s.match(doc) {
			got = append(got, attr(n, "id"))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.sel, diff)
		}
	}
}

func TestSelectorErrors(t *testing.T) {
	for _, sel := range []string{"> table", "div >", "a:hover", "a + b", "a ~ b", "[x~=y]",
		"[", "#", ".", "a,", "table)"} {
		if _, err := parseSelector(sel); err == nil {
			t.Errorf("%q parsed", sel)
		}
	}
}

func FuzzSelector(f *testing.F) {
	for _, s := range []string{"table", "div > table.x", "[a=b], #c", "* > *", "a[b='c d']"} {
		f.Add(s)
	}
	doc, _ := html.Parse(strings.NewReader(selectorPage))
	f.Fuzz(func(t *testing.T, src string) {
		s, err := parseSelector(src)
		if err != nil || s == nil {
			return
		}
		_ = s.match(doc)
	})
}
