//! The network address a request comes from, for the per-address limits: the socket's peer, or,
//! when that peer is one of the trusted proxies, the address the proxies wrote in their header
//! (read from the right, skipping the trusted proxies' own hops, so a client cannot choose its
//! address by sending the header itself). IPv6 clients are counted by their /48, the most one
//! customer is given (RFC 6177): counting single addresses, /64s or even /56s would let the
//! holder of a /48 be 256 or more "addresses" and take every sandbox by changing address. Homes
//! given /56s out of one provider's /48 then share one count, as a classroom behind one IPv4
//! address does: what one address may hold is a share of the machine, not a small number.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::state::AppState;

/// The extractor: `ClientAddr(address): ClientAddr` in a handler's arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let address = match state.trusted_proxy_header.as_deref() {
            Some(name) if state.trusted_proxies.contains(&peer) => {
                from_proxy_header(&parts.headers, name, &state.trusted_proxies).unwrap_or(peer)
            }
            _ => peer,
        };
        Ok(ClientAddr(limit_key(address)))
    }
}

/// The client's address in the proxies' header: from the right, the first address that is not
/// one of the trusted proxies (each proxy appends the address it received the request from).
fn from_proxy_header(headers: &HeaderMap, name: &str, trusted: &[IpAddr]) -> Option<IpAddr> {
    let hops: Vec<IpAddr> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    hops.iter().rev().find(|hop| !trusted.contains(hop)).or(hops.first()).copied()
}

/// The IPv6 prefix one client is counted by.
pub const IPV6_PREFIX_BITS: u32 = 48;

/// The key limits count by: IPv4 as it is, IPv6 by its /48 (IPv4-mapped IPv6 as IPv4).
fn limit_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mask = u128::MAX << (128 - IPV6_PREFIX_BITS);
                IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() {
        let trusted: Vec<IpAddr> = vec!["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
        let mut headers = HeaderMap::new();
        // The client wrote 6.6.6.6 itself; the first proxy appended the real peer, 203.0.113.9.
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.9, 10.0.0.2"));
        assert_eq!(from_proxy_header(&headers, "x-forwarded-for", &trusted), Some("203.0.113.9".parse().unwrap()));
        assert_eq!(from_proxy_header(&headers, "x-real-ip", &trusted), None);
    }

    #[test]
    fn ipv6_clients_count_by_their_48() {
        let a: IpAddr = "2001:db8:1:200:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:ffff:bbbb::9".parse().unwrap();
        assert_eq!(limit_key(a), limit_key(b), "every /56 and /64 of one /48 is one client");
        assert_eq!(limit_key(a), "2001:db8:1::".parse::<IpAddr>().unwrap());
        assert_ne!(limit_key(a), limit_key("2001:db8:2::1".parse().unwrap()));
        assert_eq!(limit_key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3".parse::<IpAddr>().unwrap());
    }
}
