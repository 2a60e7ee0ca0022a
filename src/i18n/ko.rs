//! The interface in Korean: 해요체 throughout, the field's English terms kept in English
//! (WebSocket, Redis, Pub/Sub, XP). The authoring guide (`lessons/README.md`) names the terms.

use super::words::*;

pub static WORDS: Words = Words {
    shell: Shell {
        track_name: "Stream: 실시간 서버 확장하기",
        read_in_other_language: "이 페이지를 영어로 읽기",
        dark_theme: "☾ 어두운 테마",
        light_theme: "☀ 밝은 테마",
        theme_toggle_title: "밝은 테마/어두운 테마 전환",
        main_navigation: "사이트",
    },
    home: Home {
        page_title: "Stream",
        heading: "Stream: 실시간 WebSocket 서버 확장하기",
        intro: "채팅 서버 하나에서 시작해 Redis로 이어진 서버 두 대까지, 레슨 일곱 개로 배워요. 레슨마다 \
                라이브 샌드박스가 있어요: 진짜 채팅 서버 두 대와, 직접 멈추고 다시 켤 수 있는 진짜 Redis예요.",
        loading: "레슨을 불러오는 중…",
        load_failed: "레슨을 불러오지 못했어요: ",
        none_published: "아직 공개된 레슨이 없어요.",
        continue_at: |started, position, title| {
            let label = if started { "이어서 하기" } else { "시작하기" };
            format!("{label}: 레슨 {position} · {title} →")
        },
        done: "완료 ✓",
        read: "읽음",
    },
    lesson: LessonWords {
        loading: "레슨을 불러오는 중…",
        load_failed: "레슨을 불러오지 못했어요: ",
        position: |position, total| format!("레슨 {position} / {total:02}"),
        published: "공개",
        draft: "초안",
        minutes_to_read: |minutes| format!("{minutes}분 분량"),
        draft_banner: "초안 미리보기: 상태가 published(공개)로 바뀌기 전까지는 강사만 이 레슨을 볼 수 있어요. \
                       댓글과 문제 신고도 그때 열려요.",
        not_translated: "이 레슨은 아직 한국어로 번역되지 않아서 영어로 보여 드려요.",
        report_prompt: "틀린 곳이 있거나 체크가 통과되지 않나요? ",
        report_link: "문제 신고하기",
        course_navigation: "코스",
        further_reading: "더 읽을거리",
        broken_title: |slug| format!("{slug}: 레슨에 문제가 있어요"),
        broken_heading: "이 레슨에 문제가 있어요",
        broken_for_authors: "레슨 파일을 불러오지 못했어요(다른 레슨에는 영향이 없어요). 아래 문제를 고치고 저장하세요:",
        broken_for_learners: "지금은 이 레슨을 보여 드릴 수 없어요. 작성자가 이유를 확인할 수 있어요. 다른 레슨에는 영향이 없어요.",
        callouts: ["참고", "팁", "중요", "경고", "주의"],
    },
    progress: ProgressWords {
        region: "내 진행 상황",
        unreadable: "지금은 진행 상황을 읽을 수 없어요.",
        level: |level, name| format!("레벨 {level} · {name}"),
        lessons_done: |done, total| format!("레슨 {done}/{total}"),
        achievements: |unlocked, total| format!("업적 {unlocked}/{total}"),
        to_next_level: |xp| format!("다음 레벨까지 {} XP", number(xp.into())),
        top_level: "최고 레벨 달성",
        complete: |percent| format!("{percent}% 완료"),
        meter: "다음 레벨까지의 XP",
        local_only: |days| format!("진행 상황은 이 브라우저에만 저장돼요: 마지막 방문 후 {days}일 동안 보관돼요. "),
        sign_in: "로그인",
        or: " 또는 ",
        sign_up: "회원가입",
        to_sync: "하면 여러 기기에서 동기화돼요.",
        signed_in_as: "로그인한 계정: ",
        synced: " · 여러 기기에서 동기화 중 · ",
        sign_out: "로그아웃",
        mark_read: "읽음으로 표시",
        read_done: |xp| format!("읽음 ✓ ({xp} XP)"),
    },
    not_found: NotFoundWords {
        title: "찾을 수 없음",
        heading: "페이지를 찾을 수 없어요",
        text: "이 주소에는 페이지가 없어요. 이름이 바뀌었거나 아직 초안일 수 있어요.",
        see_all: "모든 레슨 보기",
    },
    panel: &super::panel::KO,
    pages: &super::pages::KO,
};
