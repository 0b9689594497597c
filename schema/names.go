package schema

import (
	"go/token"
	"regexp"
	"strings"
	"unicode"
)

// initialisms are the words of RouterOS names that Go names do not write as plain capitalised
// words. The rule (Go's: "words in names that are initialisms or acronyms have a consistent case"):
//
//   - an initialism or acronym is written in capitals: DHCP, VLAN, BGP, OSPF, MVRP, P2P, VXLAN;
//   - a name whose owner writes it in mixed case keeps that case: WireGuard, IPsec, PPPoE, EoIP,
//     CAPsMAN, RoMON, UPnP, ZeroTier, WiFi, and a version suffix stays lower case: IPv6, DHCPv6,
//     ICMPv6, L2TPv3;
//   - a common abbreviation that is not read letter by letter stays a word: Rx, Tx, Src, Dst;
//   - the plural of an initialism keeps a lower-case s: IDs, VLANs, VTEPs;
//   - a spelling that begins with a lower-case letter (eSIM, iSCSI, eNB) is not used: a name
//     beginning with it would not be exported, so the word stays capitalised (Esim);
//   - a word that is an initialism in some names and a plain word in others stays out of the table
//     (as: AS number, but mac-as-username; kid: key ID, but kid-control; red: the RED queue, but
//     the LED colour);
//   - every other word is capitalised: Bridge, Hotspot, Address.
//
// A word missing here comes out capitalised (Foo); add it here rather than set go: in a schema.
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
	// tunnels, VPNs and their servers
	"wireguard": "WireGuard", "l2tp": "L2TP", "l2tpv3": "L2TPv3", "sstp": "SSTP", "ovpn": "OVPN",
	"pptp": "PPTP", "gre": "GRE", "eoip": "EoIP", "eoipv6": "EoIPv6", "vxlan": "VXLAN", "ipip": "IPIP",
	"vpn": "VPN", "vpls": "VPLS", "evpn": "EVPN", "zerotier": "ZeroTier", "psk": "PSK", "rsa": "RSA",
	"dpd": "DPD", "pfs": "PFS", "prf": "PRF", "dh": "DH", "otp": "OTP", "md5": "MD5",
	// routing, switching and bridging
	"mvrp": "MVRP", "bfd": "BFD", "rip": "RIP", "vrrp": "VRRP", "rpki": "RPKI", "ldp": "LDP",
	"mld": "MLD", "pim": "PIM", "bsr": "BSR", "lsp": "LSP", "igp": "IGP", "msti": "MSTI", "mst": "MST",
	"mlag": "MLAG", "isis": "ISIS", "fdb": "FDB", "mdb": "MDB", "ecn": "ECN", "dscp": "DSCP",
	"mru": "MRU", "p2p": "P2P", "ptp": "PTP", "pcq": "PCQ", "sfq": "SFQ", "qos": "QoS",
	// wireless and mobile
	"wifi": "WiFi", "capsman": "CAPsMAN", "ssid": "SSID", "wps": "WPS", "eap": "EAP", "dfs": "DFS",
	"hwmp": "HWMP", "lte": "LTE", "apn": "APN", "sms": "SMS", "dot1x": "Dot1X",
	// services, certificates and hardware
	"dhcpv6": "DHCPv6", "icmpv6": "ICMPv6", "snmp": "SNMP", "smb": "SMB", "upnp": "UPnP", "ups": "UPS",
	"radius": "RADIUS", "aaa": "AAA", "nas": "NAS", "tftp": "TFTP", "smtp": "SMTP", "ddns": "DDNS",
	"mdns": "MDNS", "sip": "SIP", "pmp": "PMP", "romon": "RoMON", "ca": "CA", "crl": "CRL",
	"scep": "SCEP", "acme": "ACME", "ascii": "ASCII", "html": "HTML", "usb": "USB", "irq": "IRQ",
	"rtt": "RTT", "uuid": "UUID", "ram": "RAM", "gps": "GPS",
	// names with a version digit, and the LTE modem's readings
	"ip6": "IP6", "gre6": "GRE6", "dhcp6": "DHCP6", "pd": "PD", "imei": "IMEI", "imsi": "IMSI",
	"iccid": "ICCID", "rsrp": "RSRP", "rsrq": "RSRQ", "sinr": "SINR", "cqi": "CQI",
	// IPsec, MACsec, certificates and ciphers
	"ah": "AH", "esp": "ESP", "sa": "SA", "spi": "SPI", "ike": "IKE", "ike2": "IKE2", "isakmp": "ISAKMP",
	"ppk": "PPK", "qkd": "QKD", "kme": "KME", "skid": "SKID", "akid": "AKID", "ocsp": "OCSP",
	"fqdn": "FQDN", "pem": "PEM", "pkcs12": "PKCS12", "eab": "EAB", "hmac": "HMAC", "hkdf": "HKDF",
	"aead": "AEAD", "aes": "AES", "aes128": "AES128", "des": "DES", "3des": "3DES", "rc4": "RC4",
	"sha1": "SHA1", "sha2": "SHA2", "sha256": "SHA256", "sha384": "SHA384", "sha512": "SHA512",
	"cbc": "CBC", "ctr": "CTR", "gcm": "GCM", "dsa": "DSA", "cak": "CAK", "ckn": "CKN", "sc": "SC",
	"sci": "SCI", "macsec": "MACsec", "radsec": "RadSec", "tacacs": "TACACS",
	// wireless security, roaming and Hotspot 2.0
	"sae": "SAE", "pwe": "PWE", "owe": "OWE", "wpa": "WPA", "wpa2": "WPA2", "wpa3": "WPA3",
	"ccmp": "CCMP", "gcmp": "GCMP", "tkip": "TKIP", "cmac": "CMAC", "gmac": "GMAC", "peap": "PEAP",
	"ttls": "TTLS", "chap": "CHAP", "pap": "PAP", "mschap1": "MSCHAP1", "mschap2": "MSCHAP2",
	"mschapv2": "MSCHAPv2", "pmkid": "PMKID", "pmkids": "PMKIDs", "rsn": "RSN", "dtim": "DTIM",
	"wnm": "WNM", "rrm": "RRM", "mlo": "MLO", "mcs": "MCS", "bss": "BSS", "bssids": "BSSIDs",
	"hessid": "HESSID", "3gpp": "3GPP", "dgaf": "DGAF", "wan": "WAN", "lan": "LAN", "wlan": "WLAN",
	"ap": "AP", "sta": "STA", "ac": "AC", "ax": "AX", "be": "BE", "ds": "DS", "ft": "FT", "cac": "CAC",
	"dpp": "DPP",
	// mobile modems
	"sim": "SIM", "ussd": "USSD", "smsc": "SMSC", "mbim": "MBIM", "mcc": "MCC", "mnc": "MNC",
	"rssi": "RSSI", "rscp": "RSCP", "snr": "SNR", "nr": "NR", "ul": "UL", "dl": "DL", "mimo": "MIMO",
	"earfcn": "EARFCN", "sm": "SM", "dp": "DP",
	// routing protocols, MPLS, multicast and bridging
	"lsa": "LSA", "dr": "DR", "bdr": "BDR", "nssa": "NSSA", "rr": "RR", "te": "TE", "nlri": "NLRI",
	"afi": "AFI", "safi": "SAFI", "med": "MED", "egp": "EGP", "ebgp": "EBGP", "ibgp": "IBGP",
	"llgr": "LLGR", "orf": "ORF", "eor": "EOR", "gr": "GR", "rd": "RD", "as4": "AS4", "vpnv4": "VPNv4",
	"vpnv6": "VPNv6", "l2vpn": "L2VPN", "pw": "PW", "cspf": "CSPF", "rsvp": "RSVP", "csnp": "CSNP",
	"psnp": "PSNP", "snpa": "SNPA", "ecmp": "ECMP", "rp": "RP", "crp": "CRP", "pimsm": "PIMSM",
	"ssm": "SSM", "rpf": "RPF", "vrid": "VRID", "lsr": "LSR", "nbma": "NBMA", "ripng": "RIPng",
	"esi": "ESI", "vni": "VNI", "vtep": "VTEP", "vteps": "VTEPs", "bpdu": "BPDU", "tcn": "TCN", "rs": "RS",
	// IPv6 and DHCPv6
	"duid": "DUID", "iaid": "IAID", "iana": "IANA", "iapd": "IAPD", "ia": "IA", "slaac": "SLAAC",
	"dad": "DAD", "ip4": "IP4",
	// packets, protocols, tunnels, queues and services
	"sctp": "SCTP", "dccp": "DCCP", "syn": "SYN", "fin": "FIN", "psh": "PSH", "urg": "URG", "rst": "RST",
	"ece": "ECE", "cwr": "CWR", "tos": "TOS", "fcs": "FCS", "dnpt": "DNPT", "snpt": "SNPT",
	"dstnat": "DstNAT", "srcnat": "SrcNAT", "natpmp": "NATPMP", "ipoa": "IPoA", "pppoa": "PPPoA",
	"llc": "LLC", "atm": "ATM", "ipx": "IPX", "isdn": "ISDN", "gsm": "GSM", "l2tpv2": "L2TPv2",
	"ipipv6": "IPIPv6", "macvlan": "MACVLAN", "tzsp": "TZSP", "ipfix": "IPFIX", "ldap": "LDAP",
	"ldaps": "LDAPS", "http2": "HTTP2", "h323": "H323", "netbios": "NetBIOS", "mx": "MX", "ns": "NS",
	"bootp": "BOOTP", "tr069": "TR069", "cef": "CEF", "bsd": "BSD", "pdu": "PDU", "mpu": "MPU",
	"fq": "FQ", "mq": "MQ", "codel": "CoDel", "pfifo": "PFIFO", "bfifo": "BFIFO", "fp": "FP",
	"rps": "RPS", "pps": "PPS", "tc": "TC", "cli": "CLI", "oid": "OID", "sql": "SQL", "webfig": "WebFig",
	"fasttrack": "FastTrack", "agentx": "AgentX", "rfc2217": "RFC2217", "iso8601": "ISO8601",
	// hardware, storage and serial lines
	"hw": "HW", "pci": "PCI", "rss": "RSS", "rtc": "RTC", "raid": "RAID", "scsi": "SCSI", "nvme": "NVMe",
	"nfs": "NFS", "sshfs": "SSHFS", "ntfs": "NTFS", "fat32": "FAT32", "xfs": "XFS", "hid": "HID",
	"dtr": "DTR", "dsr": "DSR", "cts": "CTS", "rts": "RTS", "dcd": "DCD", "mii": "MII", "mdix": "MDIX",
	"phy": "PHY", "eeprom": "EEPROM", "docsis": "DOCSIS", "routerboard": "RouterBOARD", "wol": "WOL",
	"gc": "GC",
	// second pass: ciphers, wireless, LTE, routing, bonding, optics and log topics
	"aes192": "AES192", "aes256": "AES256", "sha": "SHA", "dn": "DN", "afc": "AFC", "sp": "SP",
	"erp": "ERP", "nb": "NB", "iot": "IoT", "lac": "LAC", "psc": "PSC", "spn": "SPN", "ri": "RI",
	"mme": "MME", "na": "NA", "nak": "NAK", "ptmp": "PTMP", "ptm": "PTM", "rt": "RT", "soo": "SOO",
	"otc": "OTC", "spt": "SPT", "mfc": "MFC", "fib": "FIB", "alb": "ALB", "tlb": "TLB", "df": "DF",
	"tr101": "TR101", "mbr": "MBR", "dwdm": "DWDM", "los": "LOS", "om1": "OM1", "om2": "OM2",
	"om3": "OM3", "om4": "OM4", "om5": "OM5", "pid": "PID", "kvm": "KVM", "mqtt": "MQTT",
	"lora": "LoRa", "irc": "IRC", "sftp": "SFTP",
	// plurals of initialisms
	"ids": "IDs", "vlans": "VLANs", "vlanid": "VLANID",
}

// goName converts a RouterOS name or relative path ("rx-byte", "firewall/filter") to an exported Go
// identifier ("RxByte", "FirewallFilter").
func goName(s string) string {
	s = joinPhrases(s)
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

// words splits a Go name into its words at case changes: "DHCPClient" -> DHCP, Client;
// "RxByte" -> Rx, Byte. Mixed-case names (IPv6, PPPoE) may split oddly; words is only used to find
// words repeated at a seam.
func words(s string) []string {
	var out []string
	start := 0
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		lowerBefore := unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1])
		upperRun := unicode.IsUpper(r[i-1]) && i+1 < len(r) && unicode.IsLower(r[i+1])
		if unicode.IsUpper(r[i]) && (lowerBefore || upperRun) {
			out = append(out, string(r[start:i]))
			start = i
		}
	}
	if start < len(r) {
		out = append(out, string(r[start:]))
	}
	return out
}

// JoinName composes a Go name from a stem and a part, writing once the words the part repeats from
// the end of the stem: JoinName("DHCPClient", "ClientID") is "DHCPClientID", not
// "DHCPClientClientID". A part that the stem's end would swallow whole is appended as it is.
func JoinName(stem, part string) string {
	if stem == "" {
		return part
	}
	sw, pw := words(stem), words(part)
	for k := min(len(sw), len(pw)-1); k > 0; k-- {
		if strings.Join(sw[len(sw)-k:], "") == strings.Join(pw[:k], "") {
			return stem + strings.Join(pw[k:], "")
		}
	}
	return stem + part
}

// ClientTypeName is the name of the client type of the node (menu or group of menus) named x:
// x + "Client", or x + "Menu" when x already ends in Client (DHCPClientMenu, not
// DHCPClientClient) or when x + "Client" is taken: the read type of a menu x/client
// (/system/ntp/client is NTPClient, so the client of /system/ntp is NTPMenu).
func ClientTypeName(x string, taken func(string) bool) string {
	if w := words(x); len(w) > 0 && w[len(w)-1] == "Client" || taken != nil && taken(x+"Client") {
		return x + "Menu"
	}
	return x + "Client"
}

// pathName is the Go name of a menu path relative to its package ("firewall/filter" ->
// FirewallFilter): its elements joined with JoinName, so that a word the path repeats at a seam is
// written once ("local-update/update-package-source" -> LocalUpdatePackageSource). An element
// that only repeats the end of the name before it ("l2tp-server/server", the settings of the
// L2TP server) becomes Settings: L2TPServerSettings.
func pathName(rel string) string {
	name := ""
	for _, e := range strings.Split(rel, "/") {
		part := goName(e)
		joined := JoinName(name, part)
		if name != "" && joined == name+part && strings.HasSuffix(name, part) {
			joined = name + "Settings"
		}
		name = joined
	}
	return name
}

// reservedField are the Go names of the fields every read type has; an attribute whose Go name
// would be one of them gets the suffix Attr ("id" -> IDAttr).
var reservedField = map[string]bool{"ID": true, "Raw": true}

// attrName is the Go name of an attribute of a menu.
func attrName(name string) string {
	n := goName(name)
	if reservedField[n] {
		n += "Attr"
	}
	return n
}

// stutter returns the word a Go name repeats back to back ("Client" in "DHCPClientClient"), or "".
func stutter(s string) string {
	w := words(s)
	for i := 1; i < len(w); i++ {
		if strings.EqualFold(w[i], w[i-1]) {
			return w[i]
		}
	}
	return ""
}

// CommonStem returns the words the Go names all begin with ("FirewallFilter", "FirewallNAT" ->
// "Firewall"), or "".
func CommonStem(names ...string) string {
	if len(names) == 0 {
		return ""
	}
	common := words(names[0])
	for _, n := range names[1:] {
		w := words(n)
		i := 0
		for i < len(common) && i < len(w) && common[i] == w[i] {
			i++
		}
		common = common[:i]
	}
	return strings.Join(common, "")
}

// phrases are names RouterOS writes as two hyphenated words that name one thing, so that the
// initialisms table sees them whole: is-is (the routing protocol IS-IS, a route flag) and caps-man
// (CAPsMAN, in caps-man-addresses and lock-to-caps-man; not caps-manager).
var phrases = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(^|[^a-z0-9])is-is($|[^a-z0-9])`), "${1}isis${2}"},
	{regexp.MustCompile(`(^|[^a-z0-9])caps-man($|[^a-z0-9])`), "${1}capsman${2}"},
}

func joinPhrases(s string) string {
	if !strings.Contains(s, "-") {
		return s
	}
	for _, p := range phrases {
		s = p.re.ReplaceAllString(s, p.with)
	}
	return s
}
