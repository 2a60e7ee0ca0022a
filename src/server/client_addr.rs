//! The network address a request comes from, for the per-address limits: the socket's peer, or,
//! behind a trusted reverse proxy, the address the proxy wrote in its header. IPv6 clients are
//! counted by their /64, which one household or machine usually owns whole (counting single
//! addresses would let one of them take every sandbox by changing address).

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
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let proxied = state.trusted_proxy_header.as_deref().and_then(|name| from_proxy_header(&parts.headers, name));
        let address = proxied.or(peer).unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(ClientAddr(limit_key(address)))
    }
}

/// The last address in the header: the one the trusted proxy itself appended.
fn from_proxy_header(headers: &HeaderMap, name: &str) -> Option<IpAddr> {
    let value = headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).next_back()?;
    value.rsplit(',').next().map(str::trim).and_then(|a| a.parse().ok())
}

/// The key limits count by: IPv4 as it is, IPv6 by its /64 (IPv4-mapped IPv6 as IPv4).
fn limit_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_proxys_own_entry_is_the_last_one() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 10.0.0.7"));
        assert_eq!(from_proxy_header(&headers, "x-forwarded-for"), Some("10.0.0.7".parse().unwrap()));
        assert_eq!(from_proxy_header(&headers, "x-real-ip"), None);
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(limit_key(a), limit_key(b));
        assert_eq!(limit_key("::ffff:10.1.2.3".parse().unwrap()), "10.1.2.3".parse::<IpAddr>().unwrap());
    }
}
