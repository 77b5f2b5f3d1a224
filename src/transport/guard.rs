//! The SSRF guard: Moodle's "cURL blocked hosts list" and "cURL allowed
//! ports list", enforced for every connection the extension opens.
//!
//! Blocked entries, one per line or comma: host names (`localhost`), domain
//! wildcards (`*.internal.example`), IP addresses, CIDR ranges
//! (`10.0.0.0/8`, `fd00::/8`) and Moodle's last-group ranges
//! (`192.168.1.1-20`). A URL is refused when its port is not allowed, its
//! host name matches, its IP literal (in any spelling the URL parser
//! accepts: decimal, octal, hex, IPv4-mapped IPv6) is blocked, or — checked
//! when connecting — any address its name resolves to is blocked.

use std::fmt;
use std::net::IpAddr;

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

/// An IPv4-mapped IPv6 address is the IPv4 address it maps.
fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

fn parse_rule(entry: &str) -> std::result::Result<Rule, String> {
    let bad = || format!("'{entry}' is not a host name, IP address, CIDR range or address range");
    if let Some((addr, bits)) = entry.split_once('/') {
        let addr: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let bits: u32 = bits.trim().parse().map_err(|_| bad())?;
        return cidr(canonical(addr), bits).ok_or_else(bad);
    }
    if let Ok(addr) = entry.parse::<IpAddr>() {
        let addr = canonical(addr);
        return Ok(Rule::Range(addr, addr));
    }
    if let Some((first, last)) = entry.rsplit_once('-') {
        if let Ok(start) = first.trim().parse::<IpAddr>() {
            return last_group_range(canonical(start), last.trim()).ok_or_else(bad);
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

impl HostPolicy {
    /// Parses the two lists in Moodle's syntax; an error names the entry.
    pub fn parse(
        blocked_hosts: &str,
        allowed_ports: &str,
    ) -> std::result::Result<Self, (String, String)> {
        let blocked = entries(blocked_hosts)
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
    /// a proxy, or made by another library).
    pub async fn check_resolving(&self, host: Host<&str>, port: u16) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        self.check_host(host.clone(), port)?;
        if let Host::Domain(name) = host {
            let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((name, port))
                .await
                .map_err(|e| Error::new(Kind::Connect, format!("cannot resolve '{name}': {e}")))?
                .collect();
            self.check_resolved(name, &addrs)?;
        }
        Ok(())
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
            Some(ip) => Err(Blocked(format!(
                "blocked: address {ip} is in the blocked hosts list"
            ))),
            None => Ok(()),
        }
    }

    /// Checks the addresses a name resolved to: one blocked address is enough.
    pub fn check_resolved(&self, name: &str, addrs: &[std::net::SocketAddr]) -> Result<()> {
        match addrs.iter().find_map(|addr| self.blocks(addr.ip())) {
            Some(ip) => Err(Blocked(format!(
                "blocked: '{name}' resolves to {ip}, which is in the blocked hosts list"
            ))
            .into()),
            None => Ok(()),
        }
    }

    /// The canonical form of `ip` when a rule blocks it.
    fn blocks(&self, ip: IpAddr) -> Option<IpAddr> {
        let ip = canonical(ip);
        self.blocked
            .iter()
            .any(|rule| matches!(rule, Rule::Range(start, end) if in_range(ip, *start, *end)))
            .then_some(ip)
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
