package wire

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseBoth parses words with ParseSentence and, through the wire, with Reader.ReadSentence; both
// must give the same Sentence.
func parseBoth(t *testing.T, words ...string) Sentence {
	t.Helper()
	s := ParseSentence(words)
	got, err := NewReader(bytes.NewReader(AppendSentence(nil, words...)), 0).ReadSentence()
	require.NoError(t, err)
	require.Equal(t, s, got, "ReadSentence and ParseSentence disagree")
	return s
}

func TestParseSentence(t *testing.T) {
	for _, tc := range []struct {
		name   string
		words  []string
		word   string
		attrs  []Attr
		rest   []string
		tag    string
		hasTag bool
	}{
		{
			name:  "split on the second '=' only",
			words: []string{"!re", "=name=iu=c3Eeg"},
			word:  "!re",
			attrs: []Attr{{"name", "iu=c3Eeg"}},
		},
		{
			name:  "empty value",
			words: []string{"!re", "=comment="},
			word:  "!re",
			attrs: []Attr{{"comment", ""}},
		},
		{
			name:  "no second '='",
			words: []string{"!re", "=only-key"},
			word:  "!re",
			attrs: []Attr{{"only-key", ""}},
		},
		{
			name:  "value of only '='",
			words: []string{"!re", "=a==", "=b=="},
			word:  "!re",
			attrs: []Attr{{"a", "="}, {"b", "="}},
		},
		{
			name:  "dot attributes are ordinary",
			words: []string{"!re", "=.id=*1A", "=.dead=yes", "=.section=3", "=.proplist=name,address"},
			word:  "!re",
			attrs: []Attr{{".id", "*1A"}, {".dead", "yes"}, {".section", "3"}, {".proplist", "name,address"}},
		},
		{
			name:  "duplicate keys kept in order",
			words: []string{"!re", "=.about=first", "=name=x", "=.about=second"},
			word:  "!re",
			attrs: []Attr{{".about", "first"}, {"name", "x"}, {".about", "second"}},
		},
		{
			name:   "tag last",
			words:  []string{"!done", "=ret=*3", ".tag=10"},
			word:   "!done",
			attrs:  []Attr{{"ret", "*3"}},
			tag:    "10",
			hasTag: true,
		},
		{
			name:   "tag first",
			words:  []string{"!re", ".tag=10", "=.id=*A", "=.dead=true"},
			word:   "!re",
			attrs:  []Attr{{".id", "*A"}, {".dead", "true"}},
			tag:    "10",
			hasTag: true,
		},
		{
			name:   "tag in the middle",
			words:  []string{"!trap", "=category=2", ".tag=10", "=message=interrupted"},
			word:   "!trap",
			attrs:  []Attr{{"category", "2"}, {"message", "interrupted"}},
			tag:    "10",
			hasTag: true,
		},
		{
			name:   "empty tag is still a tag",
			words:  []string{"!done", ".tag="},
			word:   "!done",
			hasTag: true,
		},
		{
			name:  "words like the tag are not the tag",
			words: []string{"!re", ".tagx=1", ".tag", "=.tag=2"},
			word:  "!re",
			attrs: []Attr{{".tag", "2"}},
			rest:  []string{".tagx=1", ".tag"},
		},
		{
			name:  "bare !re",
			words: []string{"!re"},
			word:  "!re",
		},
		{
			name:  "!fatal bare reason",
			words: []string{"!fatal", "session terminated on request"},
			word:  "!fatal",
			rest:  []string{"session terminated on request"},
		},
		{
			name:  "!fatal message form",
			words: []string{"!fatal", "=message=not logged in"},
			word:  "!fatal",
			attrs: []Attr{{"message", "not logged in"}},
		},
		{
			name:   "!empty with tag",
			words:  []string{"!empty", ".tag=5"},
			word:   "!empty",
			tag:    "5",
			hasTag: true,
		},
		{
			name:   "request with queries and API words",
			words:  []string{"/interface/print", "=.proplist=name,type", "?type=ether", "?type=vlan", "?#|", ".tag=7"},
			word:   "/interface/print",
			attrs:  []Attr{{".proplist", "name,type"}},
			rest:   []string{"?type=ether", "?type=vlan", "?#|"},
			tag:    "7",
			hasTag: true,
		},
		{
			name:  "unknown reply word kept as is",
			words: []string{"!weird", "=a=b"},
			word:  "!weird",
			attrs: []Attr{{"a", "b"}},
		},
		{
			name:  "raw bytes",
			words: []string{"!re", "=comment=\xc0\xff\x00\xfe", "=\xe9=\xea"},
			word:  "!re",
			attrs: []Attr{{"comment", "\xc0\xff\x00\xfe"}, {"\xe9", "\xea"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := parseBoth(t, tc.words...)
			assert.Equal(t, tc.word, s.Word)
			assert.Equal(t, tc.attrs, s.Attrs)
			assert.Equal(t, tc.rest, s.Words)
			assert.Equal(t, tc.tag, s.Tag)
			assert.Equal(t, tc.hasTag, s.HasTag)
		})
	}
}

func TestParseSentenceEmpty(t *testing.T) {
	assert.Equal(t, Sentence{}, ParseSentence(nil))
	assert.Equal(t, Sentence{}, ParseSentence([]string{}))
}

func TestParseSentenceDoesNotCopy(t *testing.T) {
	w := "=name=ether1"
	s := ParseSentence([]string{"!re", w})
	assert.Equal(t, "ether1", s.Attrs[0].Value)
	assert.Equal(t, "name", s.Attrs[0].Key)
}

func TestGetAndMap(t *testing.T) {
	s := parseBoth(t, "!re", "=.about=first", "=name=ether1", "=.about=second", "=comment=", "=only-key")

	v, ok := s.Get(".about")
	assert.True(t, ok)
	assert.Equal(t, "first", v, "Get returns the first of repeated keys")

	v, ok = s.Get("comment")
	assert.True(t, ok, "an empty value is present")
	assert.Equal(t, "", v)

	v, ok = s.Get("only-key")
	assert.True(t, ok)
	assert.Equal(t, "", v)

	v, ok = s.Get("missing")
	assert.False(t, ok)
	assert.Equal(t, "", v)

	assert.Equal(t, map[string]string{
		".about":   "first",
		"name":     "ether1",
		"comment":  "",
		"only-key": "",
	}, s.Map(), "Map keeps the first of repeated keys, like Get")

	assert.Empty(t, Sentence{Word: "!re"}.Map())
}

func TestReplyRet(t *testing.T) {
	var nilReply *Reply
	assert.Equal(t, "", nilReply.Ret())
	assert.Equal(t, "", (&Reply{Done: parseBoth(t, "!done")}).Ret())
	assert.Equal(t, "*3", (&Reply{Done: parseBoth(t, "!done", "=ret=*3")}).Ret())
	assert.Equal(t, "42", (&Reply{Done: parseBoth(t, "!done", ".tag=4", "=ret=42")}).Ret())
	challenge := "856780b7411eefd3abadee2058c149a3"
	assert.Equal(t, challenge, (&Reply{Done: parseBoth(t, "!done", "=ret="+challenge)}).Ret())
}

func TestTrapCategory(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  int
	}{
		{[]string{"!trap", "=category=0", "=message=no such command or directory (adress)"}, 0},
		{[]string{"!trap", "=message=interrupted", "=category=2"}, 2},
		{[]string{"!trap", "=category=7", "=message=x"}, 7},
		{[]string{"!trap", "=message=no such command prefix"}, -1},
		{[]string{"!trap", "=category=", "=message=x"}, -1},
		{[]string{"!trap", "=category=abc"}, -1},
		{[]string{"!trap", "=category=-3"}, -1},
		{[]string{"!trap", "=category=99999999999999999999999"}, -1},
	} {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			assert.Equal(t, tc.want, category(parseBoth(t, tc.words...)))
		})
	}
}

// TestTrapSequence parses the unknown-path transcript of docs/protocol.md#replies: two traps, then
// !done; both messages reach the error.
func TestTrapSequence(t *testing.T) {
	var stream []byte
	stream = AppendSentence(stream, "!trap", "=category=0", "=message=no such command or directory (adress)")
	stream = AppendSentence(stream, "!trap", "=message=no such command prefix")
	stream = AppendSentence(stream, "!done")
	r := NewReader(bytes.NewReader(stream), 0)
	var traps []Sentence
	for {
		s, err := r.ReadSentence()
		require.NoError(t, err)
		if s.Word == "!done" {
			break
		}
		require.Equal(t, "!trap", s.Word)
		traps = append(traps, s)
	}
	require.Len(t, traps, 2)
	e := trapError("/ip/adress/print", traps)
	assert.Equal(t, 0, e.Category)
	assert.Equal(t, "no such command or directory (adress)", e.Message)
	assert.Equal(t, []string{"no such command prefix"}, e.More)
	assert.Contains(t, e.Error(), "no such command prefix")
}

func TestFatalReason(t *testing.T) {
	assert.Equal(t, "session terminated on request",
		fatalReason(parseBoth(t, "!fatal", "session terminated on request")))
	assert.Equal(t, "not logged in", fatalReason(parseBoth(t, "!fatal", "=message=not logged in")))
}

func TestSentenceString(t *testing.T) {
	s := parseBoth(t, "!re", "=name=ether1", "=comment=", "bare", ".tag=3")
	assert.Equal(t, "!re =name=ether1 =comment= bare .tag=3", s.String())
	assert.Equal(t, "!done", parseBoth(t, "!done").String())
	assert.Equal(t, "!done .tag=", parseBoth(t, "!done", ".tag=").String())
}

// secretWords carry secret values that must never show; each value is unique so a leak is found
// wherever it lands.
var secretWords = []struct {
	word, key, value string
}{
	{"=password=hunter2", "password", "hunter2"},
	{"=Password=CaseSecret1", "Password", "CaseSecret1"},
	{"=new-password=newpass77", "new-password", "newpass77"},
	{"=old-password=oldpass66", "old-password", "oldpass66"},
	{"=secret=radius-s3cret", "secret", "radius-s3cret"},
	{"=ipsec-secret=ipsecvalue", "ipsec-secret", "ipsecvalue"},
	{"=passphrase=wpa-phrase-1", "passphrase", "wpa-phrase-1"},
	{"=wpa2-pre-shared-key=psk-value-9", "wpa2-pre-shared-key", "psk-value-9"},
	{"=pre-shared-key=psk-value-8", "pre-shared-key", "psk-value-8"},
	{"=private-key=-----BEGIN PRIVATE KEY-----", "private-key", "-----BEGIN PRIVATE KEY-----"},
	{"=response=00e134102a9d330dd7b1849fedfea3cb57", "response", "00e134102a9d330dd7b1849fedfea3cb57"},
	{"=password=with=equals=inside", "password", "with=equals=inside"},
	{"=static-key-0=0123456789", "static-key-0", "0123456789"}, // wireless WEP keys
	{"=authentication-password=snmp-auth-pw", "authentication-password", "snmp-auth-pw"},
	{"=tcp-md5-key=bgp-md5-value", "tcp-md5-key", "bgp-md5-value"},
	{"=preshared-key=wg-psk-value", "preshared-key", "wg-psk-value"},
}

func TestRedactWords(t *testing.T) {
	for _, sw := range secretWords {
		t.Run(sw.word, func(t *testing.T) {
			in := []string{"/user/set", "=name=admin", sw.word, ".tag=4"}
			orig := append([]string(nil), in...)
			out := RedactWords(in)
			assert.Equal(t, []string{"/user/set", "=name=admin", "=" + sw.key + "=***", ".tag=4"}, out)
			assert.Equal(t, orig, in, "RedactWords must not modify its input")
			assert.NotContains(t, strings.Join(out, " "), sw.value)
		})
	}
	t.Run("nothing secret", func(t *testing.T) {
		in := []string{"/login", "=name=admin", "=password=", "=comment=password", "=password"}
		assert.Equal(t, in, RedactWords(in), "empty secrets and non-secret keys are kept")
	})
	t.Run("empty", func(t *testing.T) {
		assert.Empty(t, RedactWords(nil))
	})
}

func TestSentenceStringHidesSecrets(t *testing.T) {
	for _, sw := range secretWords {
		t.Run(sw.word, func(t *testing.T) {
			s := parseBoth(t, "/login", "=name=admin", sw.word, ".tag=1")
			str := s.String()
			assert.NotContains(t, str, sw.value)
			assert.Contains(t, str, "="+sw.key+"=***")
			assert.Contains(t, str, "=name=admin")
		})
	}
}
