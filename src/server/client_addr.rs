//! The network address a request comes from, for the per-address limits: the socket's peer, or,
//! when that peer is one of the trusted proxies, the address the proxies wrote in their header
//! (read from the right, skipping the trusted proxies' own hops, so a client cannot choose its
//! address by sending the header itself). IPv6 clients are counted by their /56, which one
//! household or customer usually holds whole (counting single addresses, or even /64s, would
//! let one of them take every sandbox by changing address).

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

/// The key limits count by: IPv4 as it is, IPv6 by its /56 (IPv4-mapped IPv6 as IPv4).
fn limit_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3] & 0xff00, 0, 0, 0, 0))
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
    fn ipv6_clients_count_by_their_56() {
        let a: IpAddr = "2001:db8:1:200:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2ff:bbbb::9".parse().unwrap();
        assert_eq!(limit_key(a), limit_key(b));
        assert_eq!(limit_key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3".parse::<IpAddr>().unwrap());
    }
}
