//! The public transparency page: open to anyone, logged in or not. What it may show is the
//! policy's public scope (`domain::policy::PUBLIC`), in aggregate, with small counts hidden.

use crate::domain::public::PublicPage;
use crate::error::AppError;
use leptos::prelude::*;

/// The public page's figures (kept for a few minutes on the server).
#[server(endpoint = "public")]
pub async fn get_public_page() -> Result<PublicPage, AppError> {
    use crate::backend::{public, state::state};
    public::page(&state()?).await
}
