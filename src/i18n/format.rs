//! Formatting per language: counts with singular/plural nouns and dates (UTC, from epoch
//! milliseconds, identical on the server and in the browser).

use super::Locale;

/// "1 question" / "3 vragen"
pub fn count_label(l: Locale, n: i64, one: (&str, &str), many: (&str, &str)) -> String {
    let (nl, en) = if n == 1 { one } else { many };
    format!("{n} {}", l.pick(nl, en))
}

pub fn answers_label(l: Locale, n: i64) -> String {
    count_label(l, n, ("antwoord", "answer"), ("antwoorden", "answers"))
}

pub fn questions_label(l: Locale, n: i64) -> String {
    count_label(l, n, ("vraag", "question"), ("vragen", "questions"))
}

const MONTHS_NL: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC calendar date from epoch milliseconds (Howard Hinnant's days-to-civil algorithm), so the
/// server and the browser format dates identically without a date crate in the WASM bundle.
pub fn civil_date(epoch_ms: i64) -> (i64, u32, u32) {
    let days = epoch_ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// "12 mrt 2025" / "12 Mar 2025"
pub fn format_date(epoch_ms: i64, l: Locale) -> String {
    let (y, m, d) = civil_date(epoch_ms);
    let months = match l {
        Locale::Nl => &MONTHS_NL,
        Locale::En => &MONTHS_EN,
    };
    format!("{d} {} {y}", months[(m as usize).saturating_sub(1) % 12])
}

/// ISO date for `<time datetime>`.
pub fn iso_date(epoch_ms: i64) -> String {
    let (y, m, d) = civil_date(epoch_ms);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_formatted_per_language() {
        // 2024-02-29T12:00:00Z
        let leap_day = 1_709_208_000_000;
        assert_eq!(format_date(leap_day, Locale::Nl), "29 feb 2024");
        assert_eq!(format_date(leap_day, Locale::En), "29 Feb 2024");
        assert_eq!(iso_date(leap_day), "2024-02-29");
        assert_eq!(civil_date(0), (1970, 1, 1));
    }
}
