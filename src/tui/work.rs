//! Slow work for worker threads, and what it sends back. Each screen defines its own work and
//! report types; the router only carries them, addressed to the screen that started the work,
//! so a new screen's jobs need no change outside its module.

use std::any::Any;
use std::fmt::Debug;

use crate::i18n::Lang;

/// Work a screen hands to a worker thread (reading a file, the 台帳, a network sweep).
pub trait Work: Any + Send + Debug {
    /// Do the work (on a worker thread in the app, inline in tests), sending each report.
    fn run(self: Box<Self>, lang: Lang, send: &mut dyn FnMut(Report));
}

/// What a worker sends back. Only the screen that started the work knows its type: the router
/// delivers it to that screen unopened.
#[derive(Debug)]
pub struct Report(Box<dyn Any + Send>);

impl Report {
    pub fn new<T: Any + Send>(body: T) -> Report {
        Report(Box::new(body))
    }

    /// The report as `T`, or `None` when it is of another type (then it was not meant for the
    /// screen opening it, and is dropped).
    pub fn open<T: Any>(self) -> Option<T> {
        self.0.downcast::<T>().ok().map(|b| *b)
    }

    /// The report as `T`, or the report itself back when it is of another type (for a screen
    /// that started work of more than one kind).
    pub fn take<T: Any>(self) -> Result<T, Report> {
        self.0.downcast::<T>().map(|b| *b).map_err(Report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_opens_only_as_the_type_it_was_sent_as() {
        assert_eq!(Report::new(7u32).open::<u32>(), Some(7));
        assert_eq!(Report::new(7u32).open::<i64>(), None);
        assert_eq!(
            Report::new(String::from("台帳"))
                .open::<String>()
                .as_deref(),
            Some("台帳")
        );
    }
}
