//! Reading cookies from a request and writing the attributes every cookie of ours carries.

use axum::http::HeaderMap;

/// The value of cookie `name` in the request's `Cookie` header(s).
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// `; Secure` when the public URL is https (read from the request's configuration).
pub fn secure_attribute() -> &'static str {
    let secure = leptos::prelude::use_context::<super::config::Config>()
        .is_some_and(|c| c.public_url_is_https());
    if secure { "; Secure" } else { "" }
}

pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

pub fn hex_decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_a_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            "cookie",
            HeaderValue::from_static("a=1; cp_session=abc ; b=2"),
        );
        assert_eq!(get(&h, "cp_session"), Some("abc"));
        assert_eq!(get(&h, "cp"), None);
    }

    #[test]
    fn hex_round_trips() {
        let bytes = b"{\"form\":\"signin\"}";
        assert_eq!(hex_decode(&hex_encode(bytes)).as_deref(), Some(&bytes[..]));
        assert_eq!(hex_decode("zz"), None);
        assert_eq!(hex_decode("abc"), None);
    }
}
