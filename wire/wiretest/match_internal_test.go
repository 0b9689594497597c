package wiretest

import (
	"strings"
	"testing"
)

func TestWordPatternMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, word string
		bound         map[string]string // before matching
		ok            bool
		want          map[string]string // bound after matching
	}{
		{".tag={t}", ".tag=abc", nil, true, map[string]string{"t": "abc"}},
		{".tag={t}", ".tag=", nil, true, map[string]string{"t": ""}},
		{".tag={t}", ".tag=abc", map[string]string{"t": "abc"}, true, nil},
		{".tag={t}", ".tag=abd", map[string]string{"t": "abc"}, false, nil},
		{".tag={t}", ".tagx=abc", nil, false, nil},
		{"={k}={v}", "=name=a=b", nil, true, map[string]string{"k": "name", "v": "a=b"}},
		{"{a}-{a}", "x-x", nil, true, map[string]string{"a": "x"}},
		{"{a}-{a}", "x-y", nil, false, nil},
		{"{a}-{a}", "a-b-a-b", nil, true, map[string]string{"a": "a-b"}},
		{"=x={{t}", "=x={t}", nil, true, nil},
		{"=x={{t}", "=x=abc", nil, false, nil},
		{"=x={1t}", "=x={1t}", nil, true, nil},
		{"=x={}", "=x={}", nil, true, nil},
		{"=x={t", "=x={t", nil, true, nil},
		{"=x=}", "=x=}", nil, true, nil},
		{"=x={a b}", "=x={a b}", nil, true, nil},
		{"{_a1}", "anything at all", nil, true, map[string]string{"_a1": "anything at all"}},
	} {
		b := &binds{base: map[string]string{}}
		for k, v := range tc.bound {
			b.base[k] = v
		}
		got := parseWord(tc.pattern).match(tc.word, b)
		if got != tc.ok {
			t.Errorf("%q matching %q = %v, want %v", tc.pattern, tc.word, got, tc.ok)
			continue
		}
		for k, v := range tc.want {
			if bv, _ := b.get(k); bv != v {
				t.Errorf("%q matching %q bound %s=%q, want %q", tc.pattern, tc.word, k, bv, v)
			}
		}
	}
}

func TestExpand(t *testing.T) {
	vars := map[string]string{"t": "7", "id": "*1"}
	got, err := parseWord("=ret={id}{{x}}.{t}").expand(vars)
	if err != nil || got != "=ret=*1{x}}.7" {
		t.Errorf("expand = %q, %v", got, err)
	}
	if _, err := parseWord(".tag={u}").expand(vars); err == nil || !strings.Contains(err.Error(), "{u}") {
		t.Errorf("unbound placeholder: %v", err)
	}
}

func TestAmbiguousPatternIsBounded(t *testing.T) {
	// Many interchangeable placeholders that cannot all match: the search gives up instead of
	// exploring every permutation.
	var pats, got []string
	for i := 0; i < 12; i++ {
		pats = append(pats, "={a}{b}={c}")
		got = append(got, "=k=v")
	}
	pats = append(pats, "=never=")
	got = append(got, "=k=v")
	p := compileSentence(append([]string{"/x"}, pats...))
	ok, why := p.match(append([]string{"/x"}, got...), &binds{base: map[string]string{}})
	if ok || why == "" {
		t.Errorf("match = %v, %q", ok, why)
	}
}

func FuzzParseTranscript(f *testing.F) {
	f.Add("> /a =b=c .tag={t}\n< !done .tag={t}\n")
	f.Add("<raw 00 f8 # x\nstall 1ms\nstall forever\nclose\neof\nlogin a \"\"\n")
	f.Add("> \"=a b\" `=c d` ?#| # c\n<\n")
	f.Add("> \"unterminated\n")
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ParseTranscript(text)
		if err != nil {
			return
		}
		_ = s.String()
	})
}

func FuzzMatch(f *testing.F) {
	f.Add("/a\x00=b={x}\x00.tag={t}\x00?q", "/a\x00.tag=1\x00=b=2\x00?q")
	f.Add("{a}{b}{a}\x00={{", "xyx\x00={")
	f.Fuzz(func(t *testing.T, pattern, sentence string) {
		pw := strings.Split(pattern, "\x00")
		sw := strings.Split(sentence, "\x00")
		if pw[0] == "" {
			return
		}
		p := compileSentence(pw)
		b := &binds{base: map[string]string{}}
		if ok, _ := p.match(sw, b); ok {
			// Every bound value must come from the sentence.
			for k, v := range b.base {
				if !strings.Contains(sentence, v) {
					t.Fatalf("%s bound to %q, not in the sentence", k, v)
				}
			}
		}
	})
}
