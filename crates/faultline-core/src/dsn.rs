//! DSNs: where a Sentry-compatible server takes a project's events, and with which key.
//!
//! `https://PUBLIC_KEY@host[:port]/[path/]PROJECT_ID`. Parsing is strict, with one error
//! per way a DSN can be wrong, so `init` can tell people exactly what to fix.

use std::fmt;
use std::str::FromStr;

/// The envelope protocol version sent in `sentry_version`.
pub const PROTOCOL_VERSION: u32 = 7;

/// `http` or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Plain HTTP (local servers).
    Http,
    /// HTTPS.
    Https,
}

impl Scheme {
    /// `http` or `https`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// A parsed DSN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dsn {
    scheme: Scheme,
    public_key: String,
    secret_key: Option<String>,
    host: String,
    port: Option<u16>,
    path: String,
    project_id: u64,
}

/// Why a DSN was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseDsnError {
    /// The DSN is empty.
    Empty,
    /// There is no `scheme://`.
    MissingScheme,
    /// The scheme is not `http` or `https`.
    BadScheme(String),
    /// There is no `PUBLIC_KEY@` before the host, or the key is empty.
    MissingPublicKey,
    /// There is no host after the `@`.
    MissingHost,
    /// The host has characters no host name has.
    BadHost(String),
    /// The port is not a number from 1 to 65535.
    BadPort(String),
    /// The path does not end in a project id.
    MissingProjectId,
    /// The project id is not a number.
    BadProjectId(String),
    /// The DSN has a `?query` or `#fragment`, which DSNs never have.
    UnexpectedQuery,
}

impl fmt::Display for ParseDsnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const FORM: &str = "expected https://PUBLIC_KEY@host/PROJECT_ID";
        match self {
            ParseDsnError::Empty => write!(f, "the DSN is empty; {FORM}"),
            ParseDsnError::MissingScheme => write!(f, "the DSN has no scheme; {FORM}"),
            ParseDsnError::BadScheme(s) => {
                write!(f, "the DSN scheme \"{s}\" is not http or https")
            }
            ParseDsnError::MissingPublicKey => {
                write!(f, "the DSN has no public key before '@'; {FORM}")
            }
            ParseDsnError::MissingHost => write!(f, "the DSN has no host; {FORM}"),
            ParseDsnError::BadHost(h) => write!(f, "the DSN host \"{h}\" is not a host name"),
            ParseDsnError::BadPort(p) => {
                write!(f, "the DSN port \"{p}\" is not a number from 1 to 65535")
            }
            ParseDsnError::MissingProjectId => {
                write!(
                    f,
                    "the DSN has no project id at the end of its path; {FORM}"
                )
            }
            ParseDsnError::BadProjectId(p) => {
                write!(f, "the DSN project id \"{p}\" is not a number")
            }
            ParseDsnError::UnexpectedQuery => {
                write!(f, "a DSN has no '?' query or '#' fragment; {FORM}")
            }
        }
    }
}

impl std::error::Error for ParseDsnError {}

/// Characters kept for echoing bad input back in an error.
const ECHO_LIMIT: usize = 64;

fn echo(s: &str) -> String {
    s.chars().take(ECHO_LIMIT).collect()
}

impl Dsn {
    /// Parses a DSN; surrounding whitespace is ignored.
    pub fn parse(s: &str) -> Result<Dsn, ParseDsnError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(ParseDsnError::Empty);
        }
        if s.contains(['?', '#']) {
            return Err(ParseDsnError::UnexpectedQuery);
        }
        let (scheme, rest) = s.split_once("://").ok_or(ParseDsnError::MissingScheme)?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "https" => Scheme::Https,
            "http" => Scheme::Http,
            _ => return Err(ParseDsnError::BadScheme(echo(scheme))),
        };
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, host_port) = authority
            .rsplit_once('@')
            .ok_or(ParseDsnError::MissingPublicKey)?;
        let (public_key, secret_key) = match userinfo.split_once(':') {
            Some((key, secret)) => (key, Some(secret.to_string())),
            None => (userinfo, None),
        };
        if public_key.is_empty() {
            return Err(ParseDsnError::MissingPublicKey);
        }
        let (host, port) = parse_host_port(host_port)?;
        let (path, project_id) = parse_path(path)?;
        Ok(Dsn {
            scheme,
            public_key: public_key.to_string(),
            secret_key: secret_key.filter(|s| !s.is_empty()),
            host,
            port,
            path,
            project_id,
        })
    }

    /// `http` or `https`.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The key events are sent with (`sentry_key`).
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The legacy secret key, when the DSN has one; never sent from a browser.
    pub fn secret_key(&self) -> Option<&str> {
        self.secret_key.as_deref()
    }

    /// The host name or bracketed IPv6 address.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, when the DSN names one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The path before the project id: empty, or `/sentry` for a server under a prefix.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The project the events belong to.
    pub fn project_id(&self) -> u64 {
        self.project_id
    }

    /// `scheme://host[:port]`.
    fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme.as_str(), self.host),
            None => format!("{}://{}", self.scheme.as_str(), self.host),
        }
    }

    /// Where envelopes are posted, with the key and client in the query so the request
    /// needs no custom headers (and so no CORS preflight):
    /// `…/api/42/envelope/?sentry_key=KEY&sentry_version=7&sentry_client=NAME%2FVERSION`.
    pub fn envelope_url(&self, sdk_name: &str, sdk_version: &str) -> String {
        format!(
            "{}{}/api/{}/envelope/?sentry_key={}&sentry_version={PROTOCOL_VERSION}&sentry_client={}%2F{}",
            self.origin(),
            self.path,
            self.project_id,
            percent_encode(&self.public_key),
            percent_encode(sdk_name),
            percent_encode(sdk_version),
        )
    }
}

fn parse_host_port(s: &str) -> Result<(String, Option<u16>), ParseDsnError> {
    // A bracketed IPv6 address has colons of its own; the port follows the `]`.
    let (host, port) = match s.strip_prefix('[') {
        Some(v6) => {
            let (addr, after) = v6.split_once(']').ok_or(ParseDsnError::BadHost(echo(s)))?;
            if addr.is_empty()
                || !addr
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b":.".contains(&b))
            {
                return Err(ParseDsnError::BadHost(echo(s)));
            }
            match after {
                "" => (&s[..addr.len() + 2], None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (&s[..addr.len() + 2], Some(port)),
                    None => return Err(ParseDsnError::BadHost(echo(s))),
                },
            }
        }
        None => match s.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (s, None),
        },
    };
    if host.is_empty() {
        return Err(ParseDsnError::MissingHost);
    }
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || b"-._".contains(&b);
    if !host.starts_with('[') && !host.bytes().all(is_name_byte) {
        return Err(ParseDsnError::BadHost(echo(host)));
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(ParseDsnError::BadPort(echo(p))),
        },
    };
    Ok((host.to_ascii_lowercase(), port))
}

/// `sentry/42` (one trailing slash allowed) to (`/sentry`, 42).
fn parse_path(path: &str) -> Result<(String, u64), ParseDsnError> {
    let path = path.strip_suffix('/').unwrap_or(path);
    let (prefix, project) = match path.rsplit_once('/') {
        Some((prefix, project)) => (format!("/{prefix}"), project),
        None => (String::new(), path),
    };
    if project.is_empty() {
        return Err(ParseDsnError::MissingProjectId);
    }
    if !project.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseDsnError::BadProjectId(echo(project)));
    }
    let id = project
        .parse()
        .map_err(|_| ParseDsnError::BadProjectId(echo(project)))?;
    Ok((prefix, id))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

impl FromStr for Dsn {
    type Err = ParseDsnError;

    fn from_str(s: &str) -> Result<Dsn, ParseDsnError> {
        Dsn::parse(s)
    }
}

impl fmt::Display for Dsn {
    /// The DSN as written: parsing it again gives the same [`Dsn`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.public_key)?;
        if let Some(secret) = &self.secret_key {
            write!(f, ":{secret}")?;
        }
        write!(f, "@{}", self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        write!(f, "{}/{}", self.path, self.project_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Dsn, ParseDsnError> {
        Dsn::parse(s)
    }

    #[test]
    fn parses_the_common_form() {
        let dsn = parse("https://abc123@o1.ingest.sentry.io/4505").unwrap();
        assert_eq!(dsn.scheme(), Scheme::Https);
        assert_eq!(dsn.public_key(), "abc123");
        assert_eq!(dsn.host(), "o1.ingest.sentry.io");
        assert_eq!((dsn.port(), dsn.path(), dsn.project_id()), (None, "", 4505));
        assert_eq!(dsn.to_string(), "https://abc123@o1.ingest.sentry.io/4505");
    }

    #[test]
    fn parses_port_path_prefix_and_secret() {
        let dsn = parse("http://key:sec@localhost:9000/sentry/x/7/").unwrap();
        assert_eq!(dsn.port(), Some(9000));
        assert_eq!(dsn.path(), "/sentry/x");
        assert_eq!(dsn.secret_key(), Some("sec"));
        assert_eq!(dsn.to_string(), "http://key:sec@localhost:9000/sentry/x/7");
    }

    #[test]
    fn parses_bracketed_ipv6_hosts() {
        let dsn = parse("http://k@[::1]:8000/3").unwrap();
        assert_eq!((dsn.host(), dsn.port()), ("[::1]", Some(8000)));
        assert_eq!(parse(&dsn.to_string()), Ok(dsn));
    }

    #[test]
    fn envelope_url_carries_key_version_and_client() {
        let dsn = parse("https://abc@errors.example.com:8443/prefix/42").unwrap();
        assert_eq!(
            dsn.envelope_url("faultline.javascript", "0.1.0"),
            "https://errors.example.com:8443/prefix/api/42/envelope/\
             ?sentry_key=abc&sentry_version=7&sentry_client=faultline.javascript%2F0.1.0"
        );
    }

    #[test]
    fn each_mistake_has_its_own_error() {
        use ParseDsnError::*;
        let cases = [
            ("  ", Empty),
            ("abc@host/1", MissingScheme),
            ("ftp://k@host/1", BadScheme("ftp".into())),
            ("https://host/1", MissingPublicKey),
            ("https://@host/1", MissingPublicKey),
            ("https://k@/1", MissingHost),
            ("https://k@:80/1", MissingHost),
            ("https://k@ho st/1", BadHost("ho st".into())),
            ("https://k@[zz]/1", BadHost("[zz]".into())),
            ("https://k@host:0/1", BadPort("0".into())),
            ("https://k@host:http/1", BadPort("http".into())),
            ("https://k@host:+80/1", BadPort("+80".into())),
            ("https://k@host", MissingProjectId),
            ("https://k@host/", MissingProjectId),
            ("https://k@host/api//", MissingProjectId),
            ("https://k@host/proj", BadProjectId("proj".into())),
            (
                "https://k@host/99999999999999999999999",
                BadProjectId("99999999999999999999999".into()),
            ),
            ("https://k@host/1?x=1", UnexpectedQuery),
        ];
        for (input, expected) in cases {
            assert_eq!(parse(input), Err(expected), "{input}");
        }
    }

    #[test]
    fn errors_read_as_advice() {
        assert_eq!(
            ParseDsnError::MissingPublicKey.to_string(),
            "the DSN has no public key before '@'; expected https://PUBLIC_KEY@host/PROJECT_ID"
        );
    }
}
