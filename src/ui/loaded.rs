//! Every resource of the site: what a page reads from a server function, rendered with the page
//! on the server and handed to the browser in it. Made with [`AnswerJson`], the page's copy is read
//! from bytes as the server function's own answer is (`serde_json::from_slice`); Leptos' default
//! codec read it from a string, a second generic instance of every answer type's decoding in the
//! bundle (of `Problem` alone, ~25 KB).

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
