package wire

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Attribute names of RouterOS 7.24 (its /console/inspect tree) and RouterOS 6 wireless, secret or
// not.
func TestIsSecretName(t *testing.T) {
	secret := []string{
		"password", "Password", "old-password", "new-password", "confirm-new-password", "secret",
		"ipsec-secret", "otp-secret", "ppk-secret", "hkdf-secret", "secrets", "authentication-password",
		"encryption-password", "trap-community", "community", "passphrase", "security.passphrase",
		"export-passphrase", "key-passphrase", "challenge-password", "eap-password", "security.eap-password",
		"smb-password", "sshfs-password", "socks5-password", "radius-password", "mac-auth-password",
		"ovpn-password", "private-key", "preshared-key", "pre-shared-key", "wpa-pre-shared-key",
		"wpa2-pre-shared-key", "tcp-md5-key", "auth-key", "enc-key", "key", "key-val", "eab-key-b64",
		"eab-hmac-key", "reconfigure-key", "static-key-0", "static-key-3", "static-sta-private-key",
		"management-protection-key", "secret-download-key", "pin", "sim-pin", "psk", "wpa.psk", "token",
		"response",
	}
	notSecret := []string{
		"name", "comment", "public-key", "public-key-file", "private-key-file", "key-size", "key-usage",
		"key-id", "key-chain", "host-key-size", "host-key-type", "ft-r0-key-lifetime", "group-key-update",
		"security.group-key-update", "no-key-export", "lacp-user-key", "password-format",
		"password-authentication", "minimum-password-length", "multi-passphrase-group", "auth-method",
		"authentication-types", "passthrough", "ping", "tcp-syncookies", "url", ".id", "", "-", "key-",
	}
	for _, n := range secret {
		assert.True(t, IsSecretName(n), n)
	}
	for _, n := range notSecret {
		assert.False(t, IsSecretName(n), n)
	}
}

func TestRedactWordForms(t *testing.T) {
	for in, want := range map[string]string{
		"?password=hunter2":         "?password=***",
		"?=password=hunter2":        "?=password=***",
		"?<secret=abc":              "?<secret=***",
		"?>private-key=abc":         "?>private-key=***",
		"?password":                 "?password",
		"?-password":                "?-password",
		"?=password=":               "?=password=",
		"?name=password":            "?name=password",
		"?#|":                       "?#|",
		"?=url=ftp://u:pw1@h/x":     "?=url=ftp://u:***@h/x",
		"=password=":                "=password=",
		"=password":                 "=password",
		"=url=https://u:PW@host/f":  "=url=https://u:***@host/f",
		"=url=https://u@host/f":     "=url=https://u@host/f",
		"=url=https://host/a@b":     "=url=https://host/a@b",
		"=url=https://u:@host/":     "=url=https://u:@host/",
		"=url=https://u:p/w@d@h/f":  "=url=https://u:***@h/f",
		"=dst-path=file.rsc":        "=dst-path=file.rsc",
		"=comment=see http://x/":    "=comment=see http://x/",
		".proplist=password,secret": ".proplist=password,secret",
		`=source=/tool fetch url="ftp://a:P1@h/x" && /tool fetch url=sftp://b:P2@h2/y mode=ftp`: `=source=/tool fetch url="ftp://a:***@h/x" && /tool fetch url=sftp://b:***@h2/y mode=ftp`,
		"!fatal":               "!fatal",
		"bare sftp://u:pw3@h/": "bare sftp://u:***@h/",
	} {
		assert.Equal(t, want, redactWord(in), in)
	}
}

func TestSentenceStringRedactsQueriesAndURLs(t *testing.T) {
	s := ParseSentence([]string{"/ppp/secret/print", "?password=qpw1", "?=secret=qpw2",
		"=url=https://u:upw3@h/f", ".tag=7"})
	str := s.String()
	for _, leak := range []string{"qpw1", "qpw2", "upw3"} {
		assert.NotContains(t, str, leak)
	}
	assert.Equal(t, "/ppp/secret/print =url=https://u:***@h/f ?password=*** ?=secret=*** .tag=7", str)
	assert.True(t, strings.HasPrefix(str, "/ppp/secret/print"))
}

func TestSentenceGoStringRedacts(t *testing.T) {
	s := ParseSentence([]string{"!re", "=name=n", "=password=pw9", "?secret=pw8", ".tag=2"})
	assert.Equal(t, `wire.Sentence{Word:"!re", Tag:"2", HasTag:true, Attrs:[]wire.Attr{wire.Attr{Key:"name", Value:"n"}, `+
		`wire.Attr{Key:"password", Value:"***"}}, Words:[]string{"?secret=***"}}`, fmt.Sprintf("%#v", s))
	for _, v := range []string{"%v", "%+v", "%s", "%d", "%x"} {
		out := fmt.Sprintf(v, s)
		assert.NotContains(t, out, "pw9", v)
		assert.NotContains(t, out, "pw8", v)
	}
	assert.Equal(t, "!re =name=n =password=*** ?secret=*** .tag=2", fmt.Sprintf("%v", s))
}
