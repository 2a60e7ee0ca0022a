//! The interface in English.

use super::words::*;

pub static WORDS: Words = Words {
    shell: Shell {
        track_name: "Stream: scaling real-time servers",
        read_in_other_language: "Read this page in Korean",
        dark_theme: "☾ Dark theme",
        light_theme: "☀ Light theme",
        theme_toggle_title: "Switch between light and dark themes",
        main_navigation: "Site",
    },
    home: Home {
        page_title: "Stream",
        heading: "Stream: scaling real-time WebSocket servers",
        intro: "Seven lessons, from one chat server to two bridged over Redis. Each lesson has a live sandbox: \
                two real chat servers and a real Redis you can stop and start.",
        loading: "Loading lessons…",
        load_failed: "The lessons could not be loaded: ",
        none_published: "No lessons are published yet.",
        continue_at: |started, position, title| {
            let label = if started { "Continue" } else { "Start" };
            format!("{label}: lesson {position} · {title} →")
        },
        done: "Done ✓",
        read: "Read",
    },
    lesson: LessonWords {
        loading: "Loading lesson…",
        load_failed: "The lesson could not be loaded: ",
        position: |position, total| format!("Lesson {position} of {total:02}"),
        published: "published",
        draft: "draft",
        minutes_to_read: |minutes| format!("{minutes} min read"),
        draft_banner: "Draft preview: only instructors see this lesson until its status is published. \
                       Comments and problem reports open then.",
        not_translated: "This lesson is not translated yet: it is shown in English.",
        report_prompt: "Found a mistake, or a check that does not tick? ",
        report_link: "Report a problem",
        course_navigation: "Course",
        further_reading: "Further reading",
        broken_title: |slug| format!("{slug}: lesson has problems"),
        broken_heading: "This lesson has problems",
        broken_for_authors: "The lesson file could not be loaded. Fix these and save; the other lessons are unaffected:",
        broken_for_learners: "It cannot be shown just now; its authors can see why. The other lessons are unaffected.",
        callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
    },
    progress: ProgressWords {
        region: "Your progress",
        unreadable: "Your progress could not be read just now.",
        level: |level, name| format!("Level {level} · {name}"),
        lessons_done: |done, total| format!("{done}/{total} lessons"),
        achievements: |unlocked, total| format!("{unlocked}/{total} achievements"),
        to_next_level: |xp| format!("{} XP to the next level", number(xp.into())),
        top_level: "top level reached",
        complete: |percent| format!("{percent}% complete"),
        meter: "XP towards the next level",
        local_only: |days| {
            format!("Progress is local-only: kept in this browser for {days} days after your last visit. ")
        },
        sign_in: "Sign in",
        or: " or ",
        sign_up: "Sign up",
        to_sync: " to sync across devices.",
        signed_in_as: "Signed in as ",
        synced: " · synced across devices · ",
        sign_out: "Sign out",
        mark_read: "Mark as read",
        read_done: |xp| format!("Read ✓ ({xp} XP)"),
    },
    not_found: NotFoundWords {
        title: "Not found",
        heading: "Page not found",
        text: "There is no page at this address. It may have been renamed, or it is still a draft.",
        see_all: "See all lessons",
    },
    panel: &super::panel::EN,
    pages: &super::pages::EN,
};
