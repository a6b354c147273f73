//! Finding a script's source map: the `//# sourceMappingURL=` comment at its end, an
//! inline `data:` URL's contents, and the app's own rule for where its maps live.

use std::fmt;

use super::vlq::base64_value;
use crate::stack::filename_from_url;

/// `sourceMappingURL=` occurrences looked at from the end of a script before giving up.
const MAX_COMMENT_CANDIDATES: usize = 8;

/// The URL in the script's last `//# sourceMappingURL=` (or the older `//@`) comment, as
/// written (relative, absolute, or `data:`). Only a comment that starts its line counts,
/// so that the text inside a string or a regular expression of the code is not taken for
/// one.
pub fn source_mapping_url(script: &str) -> Option<&str> {
    let needle = "sourceMappingURL=";
    for (at, _) in script.rmatch_indices(needle).take(MAX_COMMENT_CANDIDATES) {
        let line_start = script[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let before = script[line_start..at].trim_start();
        let Some(marker) = before.strip_prefix("//") else {
            continue;
        };
        let marker = marker.trim_end_matches([' ', '\t']);
        if marker != "#" && marker != "@" {
            continue;
        }
        let rest = &script[at + needle.len()..];
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let url = &rest[..end];
        return (!url.is_empty()).then_some(url);
    }
    None
}

/// Why an inline `data:` URL could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataUrlError {
    /// No `,` between the media type and the data.
    NoData,
    /// The base64 payload is not valid base64.
    Base64,
    /// The payload is not UTF-8 text.
    NotText,
}

impl fmt::Display for DataUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DataUrlError::NoData => "the data: URL has no data",
            DataUrlError::Base64 => "the data: URL's base64 is not valid",
            DataUrlError::NotText => "the data: URL's contents are not UTF-8 text",
        })
    }
}

impl std::error::Error for DataUrlError {}

/// The contents of a `data:` URL (base64 or percent-encoded), or `None` when `url` is
/// not one.
pub fn decode_data_url(url: &str) -> Option<Result<String, DataUrlError>> {
    let rest = url
        .get(..5)
        .filter(|s| s.eq_ignore_ascii_case("data:"))
        .map(|_| &url[5..])?;
    let Some((meta, data)) = rest.split_once(',') else {
        return Some(Err(DataUrlError::NoData));
    };
    let bytes = if meta.to_ascii_lowercase().ends_with(";base64") {
        match decode_base64(data) {
            Some(bytes) => bytes,
            None => return Some(Err(DataUrlError::Base64)),
        }
    } else {
        percent_decode(data)
    };
    Some(String::from_utf8(bytes).map_err(|_| DataUrlError::NotText))
}

/// Standard base64 (padding optional, whitespace ignored), or `None` on a byte that is
/// not base64.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in text.bytes() {
        if byte == b'=' || byte.is_ascii_whitespace() {
            continue;
        }
        acc = (acc << 6) | u32::from(base64_value(byte)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// `%XX` escapes decoded; a `%` not followed by two hex digits is kept as it is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// Where the app keeps the map of `script_url`, by its rule (`init`'s `sourceMaps.mapUrl`):
/// `{url}`, `{path}` and `{file}` in `template` stand for the script's URL (without query
/// or hash), its path and its file name; a template without placeholders is a base URL
/// the file name and `.map` are appended to (`/maps/` makes `/maps/app.js.map`).
pub fn expand_map_url(template: &str, script_url: &str) -> String {
    let url = script_url.split(['?', '#']).next().unwrap_or(script_url);
    let path = filename_from_url(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    if !template.contains('{') {
        let slash = if template.ends_with('/') { "" } else { "/" };
        return format!("{template}{slash}{file}.map");
    }
    template
        .replace("{url}", url)
        .replace("{path}", path)
        .replace("{file}", file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_comment_that_starts_a_line_names_the_map() {
        let script =
            "var a=1;\n//# sourceMappingURL=old.js.map\nf();\n//# sourceMappingURL=app.js.map\n";
        assert_eq!(source_mapping_url(script), Some("app.js.map"));
        assert_eq!(
            source_mapping_url("x()\n//@ sourceMappingURL=a.map"),
            Some("a.map")
        );
        assert_eq!(
            source_mapping_url("x()\n  //#  sourceMappingURL=a.map  \n"),
            Some("a.map")
        );
    }

    #[test]
    fn text_inside_code_is_not_a_comment() {
        assert_eq!(
            source_mapping_url("var s = '//# sourceMappingURL=x.map';"),
            None
        );
        assert_eq!(source_mapping_url("f() //# sourceMappingURL=x.map"), None);
        assert_eq!(source_mapping_url("//# sourceMappingURL="), None);
        assert_eq!(source_mapping_url("no comment at all"), None);
    }

    #[test]
    fn inline_maps_decode_from_base64_or_percent_encoding() {
        // {"a":1} in base64.
        let b64 = "data:application/json;charset=utf-8;base64,eyJhIjoxfQ==";
        assert_eq!(decode_data_url(b64), Some(Ok("{\"a\":1}".to_string())));
        assert_eq!(
            decode_data_url("data:application/json,%7B%22a%22%3A1%7D"),
            Some(Ok("{\"a\":1}".to_string()))
        );
        assert_eq!(decode_data_url("app.js.map"), None);
        assert_eq!(
            decode_data_url("data:application/json;base64"),
            Some(Err(DataUrlError::NoData))
        );
        assert_eq!(
            decode_data_url("data:;base64,e!"),
            Some(Err(DataUrlError::Base64))
        );
        assert_eq!(
            decode_data_url("data:;base64,/w=="),
            Some(Err(DataUrlError::NotText))
        );
        assert_eq!(decode_data_url("data:,100%"), Some(Ok("100%".to_string())));
    }

    #[test]
    fn the_apps_rule_names_the_map() {
        let script = "https://shop.example/assets/index-3f2a.js?v=2";
        assert_eq!(
            expand_map_url("/maps{path}.map", script),
            "/maps/assets/index-3f2a.js.map"
        );
        assert_eq!(
            expand_map_url("https://maps.example/{file}.map", script),
            "https://maps.example/index-3f2a.js.map"
        );
        assert_eq!(
            expand_map_url("{url}.map", script),
            "https://shop.example/assets/index-3f2a.js.map"
        );
        assert_eq!(
            expand_map_url("/private/maps", script),
            "/private/maps/index-3f2a.js.map"
        );
    }
}
