package iface_test

import (
	"testing"

	"github.com/rosgen/routeros/ros"
	iface "github.com/rosgen/routeros/ros/interface"
	"github.com/rosgen/routeros/ros/rostest"
	"github.com/rosgen/routeros/ros/value"
)

// TestSimWiFiConfigurationCountry: the country is the bare name (configuration.country=Latvia in the
// manual), also for names with spaces, not the console's quoted completion ("New Zealand" with its
// quotes); a name not in the list is refused; names are unique.
func TestSimWiFiConfigurationCountry(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	cfg := iface.New(conn).WiFi.Configuration

	id, err := cfg.Add(c, iface.WiFiConfigurationSpec{Name: ros.Some("home"), Country: ros.Some(iface.WiFiCountryNewZealand), SSID: ros.Some("MikroTik")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := cfg.Get(c, id)
	if err != nil || got.Country != "New Zealand" || got.SSID != "MikroTik" || got.Disabled {
		t.Fatalf("configuration = %+v, %v", got, err)
	}
	if _, err := cfg.Add(c, iface.WiFiConfigurationSpec{Name: ros.Some("other"), Country: ros.Some[iface.WiFiCountry](`"New Zealand"`)}); err == nil {
		t.Error(`country="New Zealand" (quotes included) was accepted`)
	}
	if _, err := cfg.Add(c, iface.WiFiConfigurationSpec{Name: ros.Some("home")}); err == nil {
		t.Error("a second configuration named home was added")
	}
}

// TestSimBridgeFilter: mac-protocol takes a number beside the names; the chain is required.
func TestSimBridgeFilter(t *testing.T) {
	conn := rostest.Conn(t)
	c := ctx(t)
	f := iface.New(conn).Bridge.Filter

	id, err := f.Add(c, iface.BridgeFilterSpec{Chain: ros.Some(iface.BridgeChainForward), MACProtocol: ros.Some(value.Is[iface.BridgeMACProtocol]("0x88cc"))})
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.Get(c, id)
	if err != nil || r.MACProtocol.Value != "0x88cc" || r.Action != "accept" {
		t.Fatalf("rule = %+v, %v", r, err)
	}
	if _, err := f.Add(c, iface.BridgeFilterSpec{MACProtocol: ros.Some(value.Is(iface.BridgeMACProtocolARP))}); err == nil {
		t.Error("a rule without chain was added")
	}
}
