//! User-agent strings to Sentry's `browser` and `os` contexts.
//!
//! Only the common engines and systems are recognised, by plain token search (no regex,
//! linear in the string). Anything else yields `None`, never an error.

/// A product name and its version, as Sentry's `browser` and `os` contexts hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameVersion {
    /// `Chrome`, `Firefox`, `Windows`, `macOS`, ...
    pub name: String,
    /// `126.0.0.0`, `10.15.7`, ... (empty when the string does not say).
    pub version: String,
}

/// What a user-agent string says about the browser and the operating system.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserAgent {
    /// The browser.
    pub browser: Option<NameVersion>,
    /// The operating system.
    pub os: Option<NameVersion>,
}

/// Browser tokens, most specific first (Edge and Opera also say `Chrome`, Chrome also
/// says `Safari`).
const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("FxiOS/", "Firefox"),
    ("Firefox/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("HeadlessChrome/", "Chrome Headless"),
    ("Chrome/", "Chrome"),
    ("Version/", "Safari"),
];

/// Parses a `navigator.userAgent` string.
pub fn parse_user_agent(ua: &str) -> UserAgent {
    // Real user agents are a few hundred bytes; a longer one is not worth reading.
    let ua = ua.get(..ua.len().min(512)).unwrap_or("");
    UserAgent {
        browser: browser_of(ua),
        os: os_of(ua),
    }
}

fn browser_of(ua: &str) -> Option<NameVersion> {
    BROWSERS.iter().find_map(|(token, name)| {
        let (_, rest) = ua.split_once(token)?;
        if *name == "Safari" && !ua.contains("Safari/") {
            return None;
        }
        Some(NameVersion {
            name: name.to_string(),
            version: version_at(rest, '.'),
        })
    })
}

fn os_of(ua: &str) -> Option<NameVersion> {
    let os = |name: &str, version: String| {
        Some(NameVersion {
            name: name.to_string(),
            version,
        })
    };
    if let Some((_, rest)) = ua.split_once("Windows NT ") {
        return os("Windows", windows_version(&version_at(rest, '.')));
    }
    if let Some((_, rest)) = ua
        .split_once("iPhone OS ")
        .or_else(|| ua.split_once("CPU OS "))
    {
        return os("iOS", version_at(rest, '_'));
    }
    if let Some((_, rest)) = ua.split_once("Mac OS X ") {
        return os("macOS", version_at(rest, '_'));
    }
    if let Some((_, rest)) = ua.split_once("Android ") {
        return os("Android", version_at(rest, '.'));
    }
    if ua.contains("CrOS ") {
        return os("Chrome OS", String::new());
    }
    if ua.contains("Linux") {
        return os("Linux", String::new());
    }
    None
}

/// The leading run of digits and separators (`.`, or `_` where `sep` says so) of `s`,
/// written with dots.
fn version_at(s: &str, sep: char) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_digit() || *c == sep || *c == '.')
        .map(|c| if c == sep { '.' } else { c })
        .collect::<String>()
        .trim_end_matches('.')
        .to_string()
}

/// `Windows NT 10.0` is Windows 10 or 11 (the string cannot tell); older ones by number.
fn windows_version(nt: &str) -> String {
    match nt {
        "10.0" => "10",
        "6.3" => "8.1",
        "6.2" => "8",
        "6.1" => "7",
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ua: &str, browser: (&str, &str), os: (&str, &str)) {
        let parsed = parse_user_agent(ua);
        let pair = |nv: Option<NameVersion>| nv.map(|nv| (nv.name, nv.version));
        assert_eq!(
            pair(parsed.browser),
            Some((browser.0.to_string(), browser.1.to_string())),
            "{ua}"
        );
        assert_eq!(
            pair(parsed.os),
            Some((os.0.to_string(), os.1.to_string())),
            "{ua}"
        );
    }

    #[test]
    fn desktop_browsers() {
        check(
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
            ("Chrome Headless", "156.0.0.0"),
            ("Linux", ""),
        );
        check(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
            ("Edge", "126.0.2592.87"),
            ("Windows", "10"),
        );
        check(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Firefox/128.0",
            ("Firefox", "128.0"),
            ("macOS", "10.15"),
        );
        check(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            ("Safari", "17.5"),
            ("macOS", "10.15.7"),
        );
    }

    #[test]
    fn mobile_browsers() {
        check(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            ("Safari", "17.5"),
            ("iOS", "17.5"),
        );
        check(
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
            ("Chrome", "126.0.6478.122"),
            ("Android", "14"),
        );
    }

    #[test]
    fn unknown_or_hostile_strings_yield_nothing() {
        assert_eq!(parse_user_agent(""), UserAgent::default());
        assert_eq!(parse_user_agent("curl/8.0"), UserAgent::default());
        let long = "é".repeat(10_000);
        assert_eq!(parse_user_agent(&long), UserAgent::default());
    }
}
