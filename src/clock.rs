//! Today's date, the one place kensa reads the clock for dates.

use anyhow::{Result, anyhow};
use jiff::civil::Date;

/// Today in the local time zone. `KENSA_TODAY` (YYYY-MM-DD) overrides it, for rehearsing a
/// future inspection date and for tests.
pub fn today() -> Result<Date> {
    if let Ok(s) = std::env::var("KENSA_TODAY") {
        return s
            .parse()
            .map_err(|_| anyhow!("KENSA_TODAY=`{s}`: YYYY-MM-DD"));
    }
    Ok(jiff::Zoned::now().date())
}
