package schema

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are path or attribute words written in capitals in Go names.
var initialisms = map[string]string{
	"id": "ID", "ip": "IP", "ipv6": "IPv6", "ipv4": "IPv4", "mac": "MAC", "mtu": "MTU", "l2mtu": "L2MTU",
	"arp": "ARP", "dns": "DNS", "dhcp": "DHCP", "vlan": "VLAN", "ntp": "NTP", "tcp": "TCP", "udp": "UDP",
	"url": "URL", "uri": "URI", "http": "HTTP", "https": "HTTPS", "api": "API", "ssl": "SSL", "tls": "TLS",
	"cpu": "CPU", "hdd": "HDD", "ttl": "TTL", "mss": "MSS", "pvid": "PVID", "ssh": "SSH", "ftp": "FTP",
	"www": "WWW", "nat": "NAT", "icmp": "ICMP", "igmp": "IGMP", "mpls": "MPLS", "ospf": "OSPF",
	"bgp": "BGP", "stp": "STP", "rstp": "RSTP", "mstp": "MSTP", "ppp": "PPP", "pppoe": "PPPoE",
	"lacp": "LACP", "poe": "PoE", "sfp": "SFP", "fec": "FEC", "rx": "Rx", "tx": "Tx", "utc": "UTC",
	"gmt": "GMT", "dst": "Dst", "src": "Src", "ipsec": "IPsec", "vrf": "VRF", "asn": "ASN", "uid": "UID",
	"mrru": "MRRU", "cidr": "CIDR", "nd": "ND", "ra": "RA", "lldp": "LLDP", "cdp": "CDP", "mndp": "MNDP",
	"wins": "WINS", "doh": "DoH", "ack": "ACK", "sni": "SNI", "igmpv3": "IGMPv3", "vid": "VID",
}

// goName converts a RouterOS name or relative path ("rx-byte", "firewall/filter") to an exported Go
// identifier ("RxByte", "FirewallFilter").
func goName(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || r > unicode.MaxASCII
	}) {
		if v, ok := initialisms[strings.ToLower(part)]; ok {
			b.WriteString(v)
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]))
		b.WriteString(part[1:])
	}
	out := b.String()
	if out == "" {
		return "X"
	}
	if out[0] >= '0' && out[0] <= '9' {
		out = "N" + out
	}
	return out
}

// GoName converts a RouterOS name to the exported Go identifier rosgen derives from it ("rx-byte"
// -> "RxByte", "mac-address" -> "MACAddress").
func GoName(s string) string { return goName(s) }

func isIdent(s string) bool { return token.IsIdentifier(s) }

func isKeyword(s string) bool { return token.IsKeyword(s) }

func isExportedIdent(s string) bool { return token.IsIdentifier(s) && token.IsExported(s) }
