//! Issue 15 (security review F5): founding a collective is taking part — refused while
//! suspended — and is limited: a few a day per account, one a day and at most
//! `LINKS_PER_POST` links (the website counts as one) for a new account. And the journey: a
//! member founds a collective and becomes its admin.

use super::{FOUNDED_PER_DAY, FOUNDED_PER_DAY_NEW_ACCOUNT};
use crate::error::AppError;
use crate::forms::FieldError;
use crate::i18n::Msg;
use crate::server::testing::client::Client;
use crate::server::testing::{backend_tests, count, demo_user, error_of, test_config};
use axum::http::{StatusCode, header};

async fn found(
    founder: &Client<'_>,
    name: &str,
    website: &str,
    description: &str,
) -> Option<AppError> {
    let reply = founder
        .call(
            "create_collective",
            &[
                ("name", name),
                ("sectors[0]", "energy"),
                ("municipality", "Utrecht"),
                ("province", "utrecht"),
                ("legal_form", "cooperative"),
                ("stage", "starting"),
                ("founded_year", ""),
                ("member_count", ""),
                ("volunteer_count", ""),
                ("website", website),
                ("umbrellas", ""),
                ("description_nl", description),
                ("description_en", ""),
            ],
        )
        .await;
    if reply.status == StatusCode::OK {
        None
    } else {
        Some(error_of(&reply).unwrap_or_else(|| panic!("{}", reply.body)))
    }
}

const COLLECTIVES: &str = "SELECT COUNT(*) FROM collectives";

backend_tests! {
    seeded;

    async fn a_suspended_member_founds_nothing_and_founding_is_limited_per_day(t) {
        let henk = t.client().signed_in("henk").await;
        let moderator = t.client().signed_in("moderator").await;
        let henk_id = demo_user(t, "henk").await.to_string();
        let moderation = |action: &'static str| {
            let mut args = vec![
                ("user_id", henk_id.as_str()),
                ("action", action),
                ("reason", "Founding test"),
            ];
            if action == "suspend" {
                args.push(("days", "1"));
            }
            args
        };
        let reply = moderator
            .call("moderate_user", &moderation("suspend"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let before = count(t, COLLECTIVES).await;
        assert_eq!(
            found(&henk, "Spam Coop", "https://spam.example", "spam").await,
            Some(AppError::Invalid(Msg::Suspended))
        );
        assert_eq!(count(t, COLLECTIVES).await, before, "nothing founded");
        let reply = moderator
            .call("moderate_user", &moderation("unsuspend"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        // An established account: a few a day, then a clear refusal.
        for i in 0..FOUNDED_PER_DAY {
            assert_eq!(
                found(
                    &henk,
                    &format!("Buurtstroom {i}"),
                    "https://buurt.example",
                    ""
                )
                .await,
                None,
                "collective {i}"
            );
        }
        assert_eq!(
            found(&henk, "Buurtstroom extra", "", "").await,
            Some(AppError::Invalid(Msg::CollectivesPerDay))
        );
        assert_eq!(
            count(t, COLLECTIVES).await,
            before + i64::from(FOUNDED_PER_DAY)
        );
    }

    async fn a_new_account_founds_one_collective_a_day_with_at_most_two_links(t) {
        let name = crate::accounts::DisplayName::parse("Nieuwe Oprichter").expect("name");
        let email = crate::accounts::Email::parse("oprichter@example.nl").expect("email");
        let id = crate::accounts::db::create_user(&t.db, &name, &email, "x")
            .await
            .expect("user");
        let token = crate::accounts::session::create(&t.db, &test_config(&[]), id, "test")
            .await
            .expect("session");
        let newcomer = t.client().with_cookie(format!(
            "{}={token}",
            crate::accounts::session::SESSION_COOKIE
        ));
        let before = count(t, COLLECTIVES).await;
        // The website is the first link; two more in the description are one too many.
        assert_eq!(
            found(
                &newcomer,
                "Linkcoop",
                "https://linkcoop.example",
                "See https://a.example and www.b.example",
            )
            .await,
            Some(AppError::Fields(vec![FieldError::new(
                "website",
                Msg::NewAccountCollectiveLinks
            )]))
        );
        assert_eq!(count(t, COLLECTIVES).await, before);
        assert_eq!(
            found(
                &newcomer,
                "Linkcoop",
                "https://linkcoop.example",
                "Zie ook https://a.example",
            )
            .await,
            None,
            "two links are fine"
        );
        // The first collective founded above was the one of the day (when the limit is 1); any
        // more the limit allows go in too.
        let more = usize::try_from(FOUNDED_PER_DAY_NEW_ACCOUNT.saturating_sub(1)).unwrap_or(0);
        for () in std::iter::repeat_n((), more) {
            assert_eq!(found(&newcomer, "Nog een coop", "", "").await, None);
        }
        assert_eq!(
            found(&newcomer, "Tweede coop", "", "").await,
            Some(AppError::Invalid(Msg::CollectivesPerDay))
        );
        assert_eq!(
            count(t, COLLECTIVES).await,
            before + i64::from(FOUNDED_PER_DAY_NEW_ACCOUNT)
        );
    }

    async fn a_member_founds_a_collective_and_becomes_its_admin(t) {
        let henk = t.client().signed_in("henk").await;
        let reply = henk
            .submit(
                "create_collective",
                &[
                    ("name", "Buurtwarmte Zuid"),
                    ("sectors[0]", "energy"),
                    ("sectors[1]", "liveability"),
                    ("municipality", "Zwolle"),
                    ("province", "overijssel"),
                    ("legal_form", "cooperative"),
                    ("stage", "starting"),
                    ("founded_year", "2025"),
                    ("member_count", "35"),
                    ("volunteer_count", ""),
                    ("website", "https://buurtwarmte.example"),
                    ("umbrellas", "Energie Samen, HIER"),
                    ("description_nl", "Warmtenet voor de wijk."),
                    ("description_en", ""),
                    ("consent_open_data", "yes"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        assert_eq!(
            reply.headers[header::LOCATION],
            "/collectives/buurtwarmte-zuid"
        );
        let page = henk.get("/collectives/buurtwarmte-zuid").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Buurtwarmte Zuid"));
        assert!(page.body.contains("You are an admin of this collective."));
        assert_eq!(
            count(t, "SELECT COUNT(*) FROM collective_sectors cs JOIN collectives c ON c.id = cs.collective_id WHERE c.slug = 'buurtwarmte-zuid'").await,
            2
        );
    }
}
