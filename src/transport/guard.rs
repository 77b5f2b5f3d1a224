//! The SSRF guard: Moodle's "cURL blocked hosts list" and "cURL allowed
//! ports list", enforced for every connection the extension opens.
//!
//! Blocked entries, one per line or comma: host names (`localhost`), domain
//! wildcards (`*.internal.example`), IP addresses, CIDR ranges
//! (`10.0.0.0/8`, `fd00::/8`) and Moodle's last-group ranges
//! (`192.168.1.1-20`). A URL is refused when its port is not allowed, its
//! host name matches, its IP literal (in any spelling the URL parser
//! accepts: decimal, octal, hex, IPv6) is blocked, or — checked when
//! connecting — any address its name resolves to is blocked.
//!
//! Every address, literal or resolved, goes through one decision
//! ([`HostPolicy::blocks`]) that sees it as [`canonical`] reads it: an IPv6
//! form carrying an IPv4 address is also checked as that address, and the
//! unspecified addresses (0.0.0.0, ::), which reach this host, are refused
//! whenever any loopback address is.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::{Host, Url};

use crate::error::{Error, Kind, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rule {
    /// A host name, lower case, without a trailing dot.
    Name(String),
    /// `*.example.com`, stored as `.example.com`: matches any subdomain.
    Suffix(String),
    /// An address range, both ends included (CIDR or last-group range).
    Range(IpAddr, IpAddr),
}

/// What the site forbids; empty forbids nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostPolicy {
    blocked: Vec<Rule>,
    allowed_ports: Vec<u16>,
    /// Some loopback address (or the name `localhost`) is blocked, so this
    /// host is: the unspecified addresses, which reach it, are refused too.
    this_host_blocked: bool,
}

/// Why a destination was refused; its text is the failed response's error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked(pub String);

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Blocked {}

impl From<Blocked> for Error {
    fn from(blocked: Blocked) -> Self {
        Error::new(Kind::Blocked, blocked.0)
    }
}

fn entries(list: &str) -> impl Iterator<Item = &str> {
    list.split(['\n', ',', '\r'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
}

fn normalise_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// An address as the guard reads it: an IPv4-mapped IPv6 address is the
/// IPv4 address it maps; another IPv6 form that carries an IPv4 address
/// (which the network may deliver to it) gives that address as `carried`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Canonical {
    pub address: IpAddr,
    pub carried: Option<Ipv4Addr>,
}

/// Reads `ip` as the guard checks it. Carried IPv4 addresses:
/// IPv4-compatible `::a.b.c.d` (but not `::` or `::1`), NAT64 `64:ff9b::/96`
/// (RFC 6052) and the local-use `64:ff9b:1::/48` (RFC 8215) read with the
/// /96 layout, and 6to4 `2002:AABB:CCDD::/48` (RFC 3056).
pub fn canonical(ip: IpAddr) -> Canonical {
    let address = ip.to_canonical();
    let carried = match address {
        IpAddr::V6(v6) => carried_ipv4(v6),
        IpAddr::V4(_) => None,
    };
    Canonical { address, carried }
}

fn carried_ipv4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let bits = u128::from(ip);
    let low32 = Ipv4Addr::from(bits as u32);
    let compatible = bits >> 32 == 0 && bits > 1;
    let nat64 = bits >> 32 == 0x0064_ff9b_0000_0000_0000_0000;
    let nat64_local = bits >> 80 == 0x0064_ff9b_0001;
    if compatible || nat64 || nat64_local {
        return Some(low32);
    }
    (bits >> 112 == 0x2002).then(|| Ipv4Addr::from((bits >> 80) as u32))
}

/// Why an address is refused; reads after the address ("::1 is in ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    carried: Option<Ipv4Addr>,
    this_host: bool,
}

impl fmt::Display for Hit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = if self.this_host {
            "this host (an unspecified address), and loopback is in the blocked hosts list"
        } else {
            "in the blocked hosts list"
        };
        match self.carried {
            Some(v4) => write!(f, "carries {v4}, which is {why}"),
            None => write!(f, "is {why}"),
        }
    }
}

fn parse_rule(entry: &str) -> std::result::Result<Rule, String> {
    let bad = || format!("'{entry}' is not a host name, IP address, CIDR range or address range");
    if let Some((addr, bits)) = entry.split_once('/') {
        let addr: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let bits: u32 = bits.trim().parse().map_err(|_| bad())?;
        return cidr(addr.to_canonical(), bits).ok_or_else(bad);
    }
    if let Ok(addr) = entry.parse::<IpAddr>() {
        let addr = addr.to_canonical();
        return Ok(Rule::Range(addr, addr));
    }
    if let Some((first, last)) = entry.rsplit_once('-') {
        if let Ok(start) = first.trim().parse::<IpAddr>() {
            return last_group_range(start.to_canonical(), last.trim()).ok_or_else(bad);
        }
    }
    if let Some(domain) = entry.strip_prefix("*.") {
        return valid_name(domain)
            .then(|| Rule::Suffix(format!(".{}", normalise_name(domain))))
            .ok_or_else(bad);
    }
    valid_name(entry)
        .then(|| Rule::Name(normalise_name(entry)))
        .ok_or_else(bad)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
}

fn cidr(addr: IpAddr, bits: u32) -> Option<Rule> {
    match addr {
        IpAddr::V4(v4) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            let start = u32::from(v4) & mask;
            Some(Rule::Range(
                IpAddr::from(start.to_be_bytes()),
                IpAddr::from((start | !mask).to_be_bytes()),
            ))
        }
        IpAddr::V6(v6) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            let start = u128::from(v6) & mask;
            Some(Rule::Range(
                IpAddr::from(start.to_be_bytes()),
                IpAddr::from((start | !mask).to_be_bytes()),
            ))
        }
        _ => None,
    }
}

/// `192.168.1.1-20`: the last group runs from the start's to `last`.
fn last_group_range(start: IpAddr, last: &str) -> Option<Rule> {
    match start {
        IpAddr::V4(v4) => {
            let end: u8 = last.parse().ok()?;
            let mut octets = v4.octets();
            (end >= octets[3]).then(|| {
                octets[3] = end;
                Rule::Range(start, IpAddr::from(octets))
            })
        }
        IpAddr::V6(v6) => {
            let end = u16::from_str_radix(last, 16).ok()?;
            let mut segments = v6.segments();
            (end >= segments[7]).then(|| {
                segments[7] = end;
                Rule::Range(start, IpAddr::from(segments))
            })
        }
    }
}

fn in_range(ip: IpAddr, start: IpAddr, end: IpAddr) -> bool {
    match (ip, start, end) {
        (IpAddr::V4(ip), IpAddr::V4(start), IpAddr::V4(end)) => start <= ip && ip <= end,
        (IpAddr::V6(ip), IpAddr::V6(start), IpAddr::V6(end)) => start <= ip && ip <= end,
        _ => false,
    }
}

/// Whether a rule blocks some loopback address: 127.0.0.0/8, ::1, localhost.
fn blocks_loopback(rule: &Rule) -> bool {
    match rule {
        Rule::Name(name) => name == "localhost",
        Rule::Suffix(_) => false,
        Rule::Range(IpAddr::V4(start), IpAddr::V4(end)) => {
            *start <= Ipv4Addr::new(127, 255, 255, 255) && *end >= Ipv4Addr::new(127, 0, 0, 0)
        }
        Rule::Range(start, end) => in_range(IpAddr::V6(Ipv6Addr::LOCALHOST), *start, *end),
    }
}

impl HostPolicy {
    /// Parses the two lists in Moodle's syntax; an error names the entry.
    pub fn parse(
        blocked_hosts: &str,
        allowed_ports: &str,
    ) -> std::result::Result<Self, (String, String)> {
        let blocked: Vec<Rule> = entries(blocked_hosts)
            .map(parse_rule)
            .collect::<std::result::Result<_, _>>()
            .map_err(|message| ("blocked_hosts".to_string(), message))?;
        let allowed_ports = entries(allowed_ports)
            .map(|entry| {
                entry
                    .parse::<u16>()
                    .ok()
                    .filter(|port| *port > 0)
                    .ok_or_else(|| {
                        (
                            "allowed_ports".to_string(),
                            format!("'{entry}' is not a port number"),
                        )
                    })
            })
            .collect::<std::result::Result<_, _>>()?;
        Ok(Self {
            this_host_blocked: blocked.iter().any(blocks_loopback),
            blocked,
            allowed_ports,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.blocked.is_empty() && self.allowed_ports.is_empty()
    }

    /// Checks what can be checked before connecting: port, host name, IP
    /// literal. Names are checked again, by address, when they resolve.
    pub fn check_url(&self, url: &Url) -> std::result::Result<(), Blocked> {
        match url.host() {
            Some(host) => self.check_host(host, url.port_or_known_default().unwrap_or(0)),
            None => Err(Blocked("blocked: the URL names no host".into())),
        }
    }

    /// Port, host name and IP literal: the checks that need no DNS.
    pub fn check_host(&self, host: Host<&str>, port: u16) -> std::result::Result<(), Blocked> {
        if !self.allowed_ports.is_empty() && !self.allowed_ports.contains(&port) {
            return Err(Blocked(format!(
                "blocked: port {port} is not in the allowed ports list ({})",
                self.allowed_ports
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        match host {
            Host::Domain(name) => self.check_name(name),
            Host::Ipv4(ip) => self.check_address(IpAddr::V4(ip)),
            Host::Ipv6(ip) => self.check_address(IpAddr::V6(ip)),
        }
    }

    /// [`check_host`](Self::check_host), then every address a name
    /// resolves to: for connections whose resolution we do not see (through
    /// a proxy).
    pub async fn check_resolving(&self, host: Host<&str>, port: u16) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        self.resolve(host, port).await.map(drop)
    }

    /// The addresses to connect to for `host`, every one of them checked:
    /// for connections we make ourselves, so that what is checked is what
    /// is connected to.
    pub async fn resolve(&self, host: Host<&str>, port: u16) -> Result<Vec<SocketAddr>> {
        self.check_host(host.clone(), port)?;
        let addrs = match host {
            Host::Domain(name) => {
                let addrs: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
                    .await
                    .map_err(|e| {
                        Error::new(Kind::Connect, format!("cannot resolve '{name}': {e}"))
                    })?
                    .collect();
                self.check_resolved(name, &addrs)?;
                addrs
            }
            Host::Ipv4(ip) => vec![SocketAddr::from((ip, port))],
            Host::Ipv6(ip) => vec![SocketAddr::from((ip, port))],
        };
        Ok(addrs)
    }

    pub fn check_name(&self, name: &str) -> std::result::Result<(), Blocked> {
        let name = normalise_name(name);
        let hit = self.blocked.iter().any(|rule| match rule {
            Rule::Name(blocked) => *blocked == name,
            Rule::Suffix(suffix) => name.ends_with(suffix.as_str()),
            Rule::Range(..) => false,
        });
        if hit {
            return Err(Blocked(format!(
                "blocked: host '{name}' is in the blocked hosts list"
            )));
        }
        // A name that is an address in disguise ("127.1.") gets the address rules.
        match name.parse::<IpAddr>() {
            Ok(ip) => self.check_address(ip),
            Err(_) => Ok(()),
        }
    }

    /// Checks an address given as such.
    pub fn check_address(&self, ip: IpAddr) -> std::result::Result<(), Blocked> {
        match self.blocks(ip) {
            Some((ip, hit)) => Err(Blocked(format!("blocked: address {ip} {hit}"))),
            None => Ok(()),
        }
    }

    /// Checks the addresses a name resolved to: one blocked address is enough.
    pub fn check_resolved(&self, name: &str, addrs: &[SocketAddr]) -> Result<()> {
        match addrs.iter().find_map(|addr| self.blocks(addr.ip())) {
            Some((ip, hit)) => {
                Err(Blocked(format!("blocked: '{name}' resolves to {ip}, which {hit}")).into())
            }
            None => Ok(()),
        }
    }

    /// The one decision on an address: refused when it, or the IPv4
    /// address it carries, is in a blocked range or is unspecified while
    /// this host is blocked. Gives the address as shown and why.
    fn blocks(&self, ip: IpAddr) -> Option<(IpAddr, Hit)> {
        let Canonical { address, carried } = canonical(ip);
        let listed = |ip: IpAddr| {
            self.blocked
                .iter()
                .any(|rule| matches!(rule, Rule::Range(start, end) if in_range(ip, *start, *end)))
        };
        let refused = |ip: IpAddr| {
            if listed(ip) {
                Some(false)
            } else {
                (self.this_host_blocked && ip.is_unspecified()).then_some(true)
            }
        };
        let hit = match refused(address) {
            Some(this_host) => Hit {
                carried: None,
                this_host,
            },
            None => Hit {
                carried,
                this_host: refused(IpAddr::V4(carried?))?,
            },
        };
        Some((address, hit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOODLE_DEFAULTS: &str =
        "127.0.0.0/8\n192.168.0.0/16\n10.0.0.0/8\n172.16.0.0/12\n0.0.0.0\nlocalhost\n169.254.169.254\n0000::1";

    fn policy(blocked: &str, ports: &str) -> HostPolicy {
        HostPolicy::parse(blocked, ports).unwrap()
    }

    fn check(policy: &HostPolicy, url: &str) -> std::result::Result<(), String> {
        policy.check_url(&Url::parse(url).unwrap()).map_err(|b| b.0)
    }

    #[test]
    fn moodles_default_list_blocks_every_spelling_of_loopback_and_metadata() {
        let p = policy(MOODLE_DEFAULTS, "80\n443");
        for url in [
            "http://127.0.0.1/",
            "http://127.1/",
            "http://2130706433/",
            "http://017700000001/",
            "http://0x7f.0.0.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::1]/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://169.254.169.254/latest/meta-data",
            "http://10.1.2.3/",
            "http://172.31.255.255/",
            "http://192.168.10.10/",
            "http://0.0.0.0/",
        ] {
            assert!(check(&p, url).is_err(), "{url} should be blocked");
        }
        for url in [
            "https://api.example.com/v1",
            "http://172.32.0.1/",
            "http://8.8.8.8/",
        ] {
            assert_eq!(check(&p, url), Ok(()), "{url}");
        }
    }

    #[test]
    fn canonical_reads_the_ipv4_address_an_ipv6_form_carries() {
        let v4 = |s: &str| Some(s.parse::<Ipv4Addr>().unwrap());
        for (written, address, carried) in [
            ("127.0.0.1", "127.0.0.1", None),
            ("::ffff:127.0.0.1", "127.0.0.1", None),
            ("::ffff:0.0.0.0", "0.0.0.0", None),
            ("::", "::", None),
            ("0:0:0:0:0:0:0:0", "::", None),
            ("::1", "::1", None),
            ("::127.0.0.1", "::7f00:1", v4("127.0.0.1")),
            ("::0.0.0.2", "::2", v4("0.0.0.2")),
            ("64:ff9b::7f00:1", "64:ff9b::7f00:1", v4("127.0.0.1")),
            ("64:ff9b::10.1.2.3", "64:ff9b::a01:203", v4("10.1.2.3")),
            (
                "64:ff9b:1:abcd::a9fe:a9fe",
                "64:ff9b:1:abcd::a9fe:a9fe",
                v4("169.254.169.254"),
            ),
            ("64:ff9b:2::7f00:1", "64:ff9b:2::7f00:1", None),
            ("2002:7f00:1::", "2002:7f00:1::", v4("127.0.0.1")),
            (
                "2002:a9fe:a9fe:1:2:3:4:5",
                "2002:a9fe:a9fe:1:2:3:4:5",
                v4("169.254.169.254"),
            ),
            ("2003:7f00:1::", "2003:7f00:1::", None),
            ("fe80::7f00:1", "fe80::7f00:1", None),
        ] {
            let got = canonical(written.parse().unwrap());
            assert_eq!(
                (got.address, got.carried),
                (address.parse().unwrap(), carried),
                "{written}"
            );
        }
    }

    #[test]
    fn addresses_of_this_host_in_any_spelling_are_refused_with_either_list() {
        for list in [MOODLE_DEFAULTS, "127.0.0.1/32\nlocalhost"] {
            let p = policy(list, "");
            for (url, message) in [
                ("http://[::]/", "address :: is this host (an unspecified address), and loopback is in the blocked hosts list"),
                ("http://[0:0:0:0:0:0:0:0]/", "address :: is this host (an unspecified address), and loopback is in the blocked hosts list"),
                ("http://[::0.0.0.0]/", "address :: is this host (an unspecified address), and loopback is in the blocked hosts list"),
                ("http://[::127.0.0.1]/", "address ::7f00:1 carries 127.0.0.1, which is in the blocked hosts list"),
                ("http://[::ffff:127.0.0.1]/", "address 127.0.0.1 is in the blocked hosts list"),
                ("http://[64:ff9b::7f00:1]/", "address 64:ff9b::7f00:1 carries 127.0.0.1, which is in the blocked hosts list"),
                ("http://[64:ff9b:1::7f00:1]/", "address 64:ff9b:1::7f00:1 carries 127.0.0.1, which is in the blocked hosts list"),
                ("http://[2002:7f00:1::]/", "address 2002:7f00:1:: carries 127.0.0.1, which is in the blocked hosts list"),
            ] {
                assert_eq!(check(&p, url), Err(format!("blocked: {message}")), "{url} with {list:?}");
            }
            // Moodle's list names 0.0.0.0 itself; the other only loopback.
            for url in [
                "http://0/",
                "http://0.0.0.0/",
                "http://0x0/",
                "http://00/",
                "http://0.0/",
                "http://[::ffff:0.0.0.0]/",
            ] {
                let err = check(&p, url).unwrap_err();
                assert!(
                    err.starts_with("blocked: address 0.0.0.0 is "),
                    "{url}: {err}"
                );
            }
            let err = check(&p, "http://[2002::]/").unwrap_err();
            assert!(
                err.starts_with("blocked: address 2002:: carries 0.0.0.0, which is "),
                "{err}"
            );
            assert_eq!(check(&p, "http://[2002:808:808::]/"), Ok(()));
        }
    }

    #[test]
    fn unspecified_addresses_follow_loopback() {
        // Blocking the name localhost blocks this host too.
        assert!(check(&policy("localhost", ""), "http://0.0.0.0/").is_err());
        assert!(check(&policy("::1", ""), "http://[::]/").is_err());
        assert!(check(&policy("127.0.0.0/8", ""), "http://[::]/").is_err());
        // A list that leaves loopback open leaves this host open.
        assert_eq!(check(&policy("10.0.0.0/8", ""), "http://0.0.0.0/"), Ok(()));
        assert_eq!(check(&policy("", ""), "http://[::]/"), Ok(()));
        // A blocked IPv6 range still counts for addresses that carry IPv4.
        let p = policy("2002::/16\n64:ff9b::/96", "");
        assert!(check(&p, "http://[2002:808:808::]/").is_err());
        assert!(check(&p, "http://[64:ff9b::808:808]/").is_err());
    }

    #[test]
    fn names_resolving_to_this_host_are_refused() {
        let p = policy("127.0.0.1/32\nlocalhost", "");
        for (addr, shown) in [
            (
                "[::]:80",
                "::, which is this host (an unspecified address), and loopback",
            ),
            (
                "0.0.0.0:80",
                "0.0.0.0, which is this host (an unspecified address), and loopback",
            ),
            ("[::ffff:127.0.0.1]:80", "127.0.0.1, which is in"),
            (
                "[64:ff9b::7f00:1]:80",
                "64:ff9b::7f00:1, which carries 127.0.0.1, which is in",
            ),
            (
                "[2002:7f00:1::]:80",
                "2002:7f00:1::, which carries 127.0.0.1, which is in",
            ),
        ] {
            let addrs = ["192.0.2.7:80".parse().unwrap(), addr.parse().unwrap()];
            let err = p.check_resolved("evil.example", &addrs).unwrap_err();
            assert!(
                err.message()
                    .starts_with(&format!("blocked: 'evil.example' resolves to {shown}")),
                "{addr}: {}",
                err.message()
            );
        }
    }

    #[test]
    fn ports_must_be_listed_when_a_list_is_given() {
        let p = policy("", "443");
        assert_eq!(check(&p, "https://api.example.com/"), Ok(()));
        let err = check(&p, "http://api.example.com/").unwrap_err();
        assert_eq!(
            err,
            "blocked: port 80 is not in the allowed ports list (443)"
        );
        assert!(check(&p, "https://api.example.com:8443/").is_err());
        assert_eq!(check(&policy("", ""), "http://h:8080/"), Ok(()));
    }

    #[test]
    fn wildcards_ranges_and_resolved_addresses() {
        let p = policy("*.internal.test, 192.168.1.1-20, fd00::/8", "");
        assert!(check(&p, "http://a.internal.test/").is_err());
        assert!(check(&p, "http://deep.a.internal.test/").is_err());
        assert_eq!(check(&p, "http://internal.test.example/"), Ok(()));
        assert!(check(&p, "http://192.168.1.20/").is_err());
        assert_eq!(check(&p, "http://192.168.1.21/"), Ok(()));
        assert!(check(&p, "http://[fd12::1]/").is_err());
        let addrs = ["192.168.1.5:80".parse().unwrap()];
        let err = p.check_resolved("printer.example", &addrs).unwrap_err();
        assert_eq!(
            err.message(),
            "blocked: 'printer.example' resolves to 192.168.1.5, which is in the blocked hosts list"
        );
        assert_eq!(err.kind(), Kind::Blocked);
    }

    #[test]
    fn bad_entries_are_named() {
        assert_eq!(
            HostPolicy::parse("10.0.0.0/33", "").unwrap_err(),
            (
                "blocked_hosts".to_string(),
                "'10.0.0.0/33' is not a host name, IP address, CIDR range or address range"
                    .to_string()
            )
        );
        assert!(HostPolicy::parse("bad host!", "").is_err());
        assert_eq!(
            HostPolicy::parse("", "80, http").unwrap_err(),
            (
                "allowed_ports".to_string(),
                "'http' is not a port number".to_string()
            )
        );
    }
}
