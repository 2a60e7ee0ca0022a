//! Resources: what a page reads from a server function, rendered with the page on the server and
//! handed to the browser in the page, then read again by calling the function.
//!
//! Every resource of the site is made here, so that its value reaches the browser the way the
//! function's own answer does. A server function's answer is JSON read from bytes
//! (`serde_json::from_slice`); Leptos' default resource codec reads the page's copy from a
//! string (`from_str`). The two readers are separate generic instances, so the bundle held the
//! whole decoding of every answer type twice: of `Problem` alone, two copies of ~25 KB. Reading
//! the page's copy from its bytes too leaves one.

use codee::{Decoder, Encoder};
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, read as a server function's answer is read.
pub struct AnswerJson;

impl<T: Serialize> Encoder<T> for AnswerJson {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for AnswerJson {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A resource of the site.
pub type Loaded<T> = Resource<T, AnswerJson>;

/// A resource that does not hold the page back: its part shows its fallback until it is read.
#[track_caller]
pub fn loaded<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// A resource the page waits for before its first byte (its title, its status).
#[track_caller]
pub fn loaded_first<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_reads_back_as_it_was_written() {
        let value: Result<Vec<(String, Option<i64>)>, String> =
            Ok(vec![("é \"q\"".into(), Some(-3)), ("".into(), None)]);
        let text = <AnswerJson as Encoder<_>>::encode(&value).unwrap();
        let back: Result<Vec<(String, Option<i64>)>, String> = <AnswerJson as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back, value);
    }
}
