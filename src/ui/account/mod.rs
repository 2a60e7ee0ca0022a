//! The account pages: sign up, sign in, the account itself (your data, delete), and a new
//! password from a reset link. Each is a plain HTML form posting to the server (see
//! `server::accounts`), so it works without JavaScript; a refused form comes back to its page
//! with `?error=CODE`, which the page says in words.

pub mod account_page;
pub mod forms;
pub mod reset_password;
pub mod sign_in;
pub mod sign_up;
