//! The site's own address and who may address it: the public URL that sandbox links are built
//! from, the host names requests may carry (a defence against DNS rebinding), and the origins
//! whose pages may act with a learner's cookie (a defence against cross-site requests and
//! cross-site WebSocket hijacking).

use std::net::SocketAddr;

use axum::http::{HeaderMap, Uri, header};

use super::settings::Settings;

#[derive(Debug, thiserror::Error)]
pub enum BadPublicUrl {
    #[error("--public-url `{0}` is not an http(s) URL with a host, such as https://learn.example.org")]
    Malformed(String),
    #[error(
        "listening on every interface ({0}) needs --public-url, the address learners type (such as http://192.168.1.20:3000): sandbox links are built from it and requests for other host names are refused"
    )]
    Missing(SocketAddr),
}

#[derive(Clone, Debug)]
pub struct Site {
    /// `http://127.0.0.1:3000` or `https://learn.example.org`, without a trailing slash.
    public_url: String,
    hosts: Vec<AllowedHost>,
    /// Origins besides the site's own, as configured (`https://docs.example.org`).
    other_origins: Vec<String>,
}

/// A host name and, when it matters, the one port it may come with.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AllowedHost {
    name: String,
    port: Option<u16>,
}

impl Site {
    /// From the settings and the address actually bound (port 0 becomes the real port in the
    /// public URL, while any port is then allowed in Host headers, as tests need).
    pub fn new(settings: &Settings, bound: SocketAddr) -> Result<Site, BadPublicUrl> {
        let public_url = match &settings.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None if bound.ip().is_unspecified() => return Err(BadPublicUrl::Missing(bound)),
            None => format!("http://{bound}"),
        };
        let public = public_url.parse::<Uri>().ok().filter(|u| matches!(u.scheme_str(), Some("http" | "https")));
        let Some(public_host) = public.as_ref().and_then(Uri::host) else {
            return Err(BadPublicUrl::Malformed(public_url));
        };
        let listen_port = (settings.listen.port() != 0).then_some(bound.port());
        let mut hosts = vec![AllowedHost { name: normalise(public_host), port: None }];
        let listen_host = normalise(&bound.ip().to_string());
        for name in [listen_host.as_str(), "localhost", "127.0.0.1", "[::1]"] {
            hosts.push(AllowedHost { name: normalise(name), port: listen_port });
        }
        for extra in &settings.allowed_hosts {
            let (name, port) = split_host(extra.trim());
            hosts.push(AllowedHost { name, port });
        }
        let other_origins =
            settings.allowed_origins.iter().map(|o| o.trim().trim_end_matches('/').to_lowercase()).collect();
        Ok(Site { public_url, hosts, other_origins })
    }

    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// An absolute http(s) URL of a path on this site.
    pub fn http_url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// The ws(s) URL of a WebSocket path on this site.
    pub fn ws_url(&self, path: &str) -> String {
        let rest = self.public_url.strip_prefix("http").unwrap_or(&self.public_url);
        format!("ws{rest}{path}")
    }

    /// Whether a request addressed to `host` (its Host header) is for this site.
    pub fn allows_host(&self, host: &str) -> bool {
        let (name, port) = split_host(host);
        self.hosts.iter().any(|allowed| allowed.name == name && (allowed.port.is_none() || allowed.port == port))
    }

    /// Whether a browser sent this request from a page of another site (another origin, another
    /// port, a sibling subdomain). Requests without browser markers (curl, websocat) are not.
    ///
    /// `Sec-Fetch-Site` decides where the browser sends it; otherwise `Origin` must be this
    /// site's own origin: the public URL's scheme and the request's own host. A configured
    /// origin is always welcome.
    pub fn is_cross_site(&self, headers: &HeaderMap) -> bool {
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_lowercase);
        if origin.as_deref().is_some_and(|o| self.other_origins.iter().any(|allowed| allowed == o)) {
            return false;
        }
        if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            return !matches!(site, "same-origin" | "none");
        }
        match origin {
            None => false,
            Some(origin) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("").to_lowercase();
                let scheme = if self.is_https() { "https" } else { "http" };
                origin != format!("{scheme}://{host}") && origin != self.public_url.to_lowercase()
            }
        }
    }
}

fn normalise(name: &str) -> String {
    let name = name.to_lowercase();
    // An IPv6 address is written in brackets in Host headers.
    if name.contains(':') && !name.starts_with('[') { format!("[{name}]") } else { name }
}

/// `name`, `name:port`, `[v6]` or `[v6]:port` → (name, port).
fn split_host(host: &str) -> (String, Option<u16>) {
    let host = host.to_lowercase();
    if let Some(end) = host.find(']') {
        let port = host[end + 1..].strip_prefix(':').and_then(|p| p.parse().ok());
        return (host[..=end].to_string(), port);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.parse::<u16>().is_ok() => (name.to_string(), port.parse().ok()),
        _ => (host, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn site(listen: &str, public: Option<&str>) -> Site {
        let mut settings = Settings::for_data_dir("/tmp/unused");
        settings.listen = listen.parse().unwrap();
        settings.public_url = public.map(str::to_string);
        settings.allowed_origins = vec!["https://docs.example.org".into()];
        Site::new(&settings, listen.parse().unwrap()).unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn sandbox_urls_come_from_the_public_url() {
        let site = site("127.0.0.1:3000", Some("https://learn.example.org/"));
        assert_eq!(site.ws_url("/sandbox/x/ws"), "wss://learn.example.org/sandbox/x/ws");
        assert_eq!(site.http_url("/api"), "https://learn.example.org/api");
        assert_eq!(self::site("127.0.0.1:3000", None).ws_url("/w"), "ws://127.0.0.1:3000/w");
    }

    #[test]
    fn only_known_host_names_are_served() {
        let site = site("127.0.0.1:3000", Some("https://learn.example.org"));
        assert!(site.allows_host("127.0.0.1:3000"));
        assert!(site.allows_host("localhost:3000"));
        assert!(site.allows_host("[::1]:3000"));
        assert!(site.allows_host("learn.example.org"));
        assert!(!site.allows_host("localhost:3001"), "the listen port only");
        assert!(!site.allows_host("rebind.attacker.example:3000"));
    }

    #[test]
    fn any_port_is_allowed_when_listening_on_port_zero() {
        let mut settings = Settings::for_data_dir("/tmp/unused");
        settings.listen = "127.0.0.1:0".parse().unwrap();
        let site = Site::new(&settings, "127.0.0.1:41234".parse().unwrap()).unwrap();
        assert!(site.allows_host("127.0.0.1:55555"));
        assert_eq!(site.http_url(""), "http://127.0.0.1:41234");
    }

    #[test]
    fn a_page_of_another_origin_is_cross_site_and_tools_are_not() {
        let site = site("127.0.0.1:3000", None);
        let host = ("host", "127.0.0.1:3000");
        assert!(!site.is_cross_site(&headers(&[host])), "no Origin: curl, websocat");
        assert!(!site.is_cross_site(&headers(&[host, ("origin", "http://127.0.0.1:3000")])));
        assert!(site.is_cross_site(&headers(&[host, ("origin", "http://evil.example")])));
        assert!(site.is_cross_site(&headers(&[host, ("origin", "http://127.0.0.1:8080")])), "another port");
        assert!(site.is_cross_site(&headers(&[host, ("sec-fetch-site", "same-site")])), "a sibling subdomain");
        assert!(!site.is_cross_site(&headers(&[host, ("sec-fetch-site", "same-origin")])));
        assert!(!site.is_cross_site(&headers(&[host, ("origin", "https://docs.example.org")])));
        assert!(site.is_cross_site(&headers(&[host, ("origin", "https://127.0.0.1:3000")])), "another scheme");
    }

    #[test]
    fn listening_on_every_interface_needs_a_public_url() {
        let mut settings = Settings::for_data_dir("/tmp/unused");
        settings.listen = "0.0.0.0:3000".parse().unwrap();
        assert!(Site::new(&settings, settings.listen).is_err());
        settings.public_url = Some("http://192.168.1.20:3000".into());
        let site = Site::new(&settings, settings.listen).unwrap();
        assert!(site.allows_host("192.168.1.20:3000"));
    }
}
