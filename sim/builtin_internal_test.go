package sim

import (
	"testing"

	"github.com/rosgen/routeros/wire"
)

// TestBuiltinMenusAlone checks that the built-in menus, the fallback for paths the schema lacks,
// hold the whole factory state by themselves.
func TestBuiltinMenusAlone(t *testing.T) {
	saved := menuSource
	menuSource = func() ([]*menuDef, error) { return nil, nil }
	defer func() { menuSource = saved }()
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for path, want := range map[string]int{
		"/interface": 6, "/interface/ethernet": 5, "/interface/bridge": 1, "/interface/bridge/port": 4,
		"/ip/address": 1, "/ip/pool": 1, "/ip/dhcp-server": 1, "/ip/dhcp-server/network": 1,
		"/ip/dns/static": 1, "/ip/firewall/filter": 2,
	} {
		if got := len(s.view(s.menus[path])); got != want {
			t.Errorf("%s: %d items, want %d", path, got, want)
		}
	}
	it := s.view(s.menus["/ip/address"])[0]
	words := s.render(s.menus["/ip/address"], it, nil)
	m := wire.ParseSentence(append([]string{"!re"}, words...)).Map()
	if m["address"] != "192.168.88.1/24" || m["network"] != "192.168.88.0" || m["interface"] != "bridge" {
		t.Errorf("address: %v", m)
	}
	if v, _ := s.prop(s.menus["/system/identity"], s.settingsItem(s.menus["/system/identity"]), "name"); v != "MikroTik" {
		t.Errorf("identity %q", v)
	}
}
