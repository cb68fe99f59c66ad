//! The client's IP address, for rate limits: the peer address, unless the peer is a trusted
//! proxy, in which case the nearest untrusted address in `X-Forwarded-For` (read right to left,
//! because a client can put anything at the left end).

use axum::http::HeaderMap;
use std::net::IpAddr;

/// A proxy address or network (`10.0.0.0/8`, `::1`), from the `--trusted-proxies` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

/// Why a `--trusted-proxies` entry is not a network; each names the entry as it was written.
#[derive(Debug)]
pub enum NetworkError {
    NotAnAddress {
        text: String,
        source: std::net::AddrParseError,
    },
    /// The prefix is not a number (`source`) or too long for the address (no source).
    InvalidPrefix {
        text: String,
        source: Option<std::num::ParseIntError>,
    },
    BeyondIpv4Mapped {
        text: String,
    },
}

impl std::fmt::Display for NetworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetworkError::NotAnAddress { text, .. } => {
                write!(f, "'{text}' is not an IP address or network")
            }
            NetworkError::InvalidPrefix { text, .. } => {
                write!(f, "'{text}' has an invalid prefix length")
            }
            NetworkError::BeyondIpv4Mapped { text } => {
                write!(f, "'{text}' reaches beyond the IPv4-mapped range")
            }
        }
    }
}

impl std::error::Error for NetworkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NetworkError::NotAnAddress { source, .. } => Some(source),
            NetworkError::InvalidPrefix { source, .. } => source
                .as_ref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            NetworkError::BeyondIpv4Mapped { .. } => None,
        }
    }
}

impl Network {
    pub fn parse(text: &str) -> Result<Network, NetworkError> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr.parse().map_err(|source| NetworkError::NotAnAddress {
            text: text.to_string(),
            source,
        })?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let invalid_prefix =
            |source: Option<std::num::ParseIntError>| NetworkError::InvalidPrefix {
                text: text.to_string(),
                source,
            };
        let prefix = match prefix {
            Some(p) => match p.parse::<u8>() {
                Ok(p) if p <= max => p,
                Ok(_) => return Err(invalid_prefix(None)),
                Err(e) => return Err(invalid_prefix(Some(e))),
            },
            None => max,
        };
        // An IPv4-mapped network (`::ffff:10.0.0.0/104`) is kept as the IPv4 network it means.
        if let IpAddr::V6(v6) = addr
            && let Some(v4) = v6.to_ipv4_mapped()
        {
            if prefix < 96 {
                return Err(NetworkError::BeyondIpv4Mapped {
                    text: text.to_string(),
                });
            }
            return Ok(Network {
                addr: IpAddr::V4(v4),
                prefix: prefix - 96,
            });
        }
        Ok(Network { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - self.prefix as u32).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - self.prefix as u32).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// IPv4 addresses mapped into IPv6 (`::ffff:1.2.3.4`) count as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// The client address of a request that arrived from `peer`.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return canonical(peer);
    }
    let forwarded: Vec<Option<IpAddr>> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().ok())
        .flat_map(|v| v.unwrap_or("?").split(','))
        .map(|s| s.trim().parse::<IpAddr>().ok())
        .collect();
    // Right to left: trusted hops are skipped; the first untrusted one is the client. An entry
    // that is not an address ends the walk at the last trusted hop (what lies left of it is
    // whatever the client wrote).
    let mut last_trusted = canonical(peer);
    for hop in forwarded.iter().rev() {
        match hop {
            Some(ip) if is_trusted(*ip) => last_trusted = canonical(*ip),
            Some(ip) => return canonical(*ip),
            None => break,
        }
    }
    last_trusted
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn xff(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static(value));
        h
    }

    #[test]
    fn networks_match_by_prefix() {
        let n = Network::parse("10.0.0.0/8").expect("net");
        assert!(n.contains(ip("10.20.30.40")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(n.contains(ip("::ffff:10.1.2.3")));
        let one = Network::parse("::1").expect("net");
        assert!(one.contains(ip("::1")));
        assert!(Network::parse("10.0.0.0/33").is_err());
        let mapped = Network::parse("::ffff:10.0.0.0/104").expect("mapped");
        assert!(mapped.contains(ip("10.9.9.9")));
        assert!(!mapped.contains(ip("192.168.1.1")));
        assert!(Network::parse("::ffff:10.0.0.0/90").is_err());
        assert!(Network::parse("proxy.local").is_err());
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let trusted = [Network::parse("10.0.0.0/8").expect("net")];
        // A client talking to us directly cannot pick its address.
        assert_eq!(
            client_ip(ip("203.0.113.9"), &xff("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
        // Behind the proxy: the nearest untrusted hop, not the spoofable left end.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                &xff("1.2.3.4, 198.51.100.7, 10.0.0.3"),
                &trusted
            ),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
        // Garbage in the header stops the walk at the last trusted hop.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                &xff("1.2.3.4, 1.2.3.5:80, 10.0.0.3"),
                &trusted
            ),
            ip("10.0.0.3")
        );
    }
}
