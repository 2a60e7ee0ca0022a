//! What went wrong, as a learner reads it: one sentence. Every server function returns it and
//! every page shows it; the cause (a database error, the details of a refusal) is logged on the
//! server where it happened and never sent to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{sentence}")]
pub struct Problem {
    pub sentence: String,
}

impl Problem {
    /// A problem the learner can act on, said as is.
    pub fn new(sentence: impl Into<String>) -> Problem {
        Problem { sentence: sentence.into() }
    }

    /// A failure of ours: `cause` goes to the server's log, `sentence` to the learner.
    #[cfg(feature = "ssr")]
    pub fn logged(cause: impl std::fmt::Display, sentence: impl Into<String>) -> Problem {
        let sentence = sentence.into();
        tracing::error!(%cause, "{sentence}");
        Problem { sentence }
    }
}

impl FromServerFnError for Problem {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Problem {
        match error {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                Problem::new("The server could not be reached just now; check your connection and try again.")
            }
            ServerFnErrorErr::ServerError(sentence) => Problem::new(sentence),
            _ => Problem::new("Something went wrong on our side; try again in a moment."),
        }
    }
}

impl From<leptos::prelude::ServerFnError> for Problem {
    fn from(error: leptos::prelude::ServerFnError) -> Problem {
        match error {
            leptos::prelude::ServerFnError::ServerError(sentence) => Problem::new(sentence),
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!("server function edge: {other}");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                Problem::new("Something went wrong on our side; try again in a moment.")
            }
        }
    }
}
