package schema

import (
	"strings"
	"testing"
	"unicode"
)

// TestInitialismsOnlyChangeCase checks the rule of the initialisms table: an entry writes its word
// in another case, never other letters (a typo would rename an attribute's Go name to something
// else), and begins with a capital or a digit, so that a name beginning with it is exported.
func TestInitialismsOnlyChangeCase(t *testing.T) {
	for k, v := range initialisms {
		if k != strings.ToLower(k) {
			t.Errorf("key %q is not lower case", k)
		}
		if strings.ToLower(v) != k {
			t.Errorf("%q is written %q: not the same word", k, v)
		}
		if r := rune(v[0]); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			t.Errorf("%q is written %q: a name beginning with it would not be exported", k, v)
		}
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"rx-byte":                "RxByte",
		"mac-address":            "MACAddress",
		"security.sae-pwe":       "SecuritySAEPWE",
		"installed-sa":           "InstalledSA",
		"wpa2-psk-sha2":          "WPA2PSKSHA2",
		"hw-offload":             "HWOffload",
		"lsa":                    "LSA",
		"declared-vlan-ids":      "DeclaredVLANIDs",
		"vteps":                  "VTEPs",
		"use-interface-duid":     "UseInterfaceDUID",
		"fq-codel-ecn":           "FQCoDelECN",
		"ipipv6":                 "IPIPv6",
		"routerboard":            "RouterBOARD",
		"nb-iot":                 "NBIoT",
		"balance-alb":            "BalanceALB",
		"3des-cbc":               "N3DESCBC",
		"interworking.3gpp-info": "Interworking3GPPInfo",
		"20/40mhz":               "N2040mhz",
		"mac-as-username":        "MACAsUsername", // "as" is a word here, not AS: not in the table
		"kid-control":            "KidControl",    // children, not a key ID: not in the table
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
}
