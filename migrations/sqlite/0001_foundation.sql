-- CollectivePower foundation schema (SQLite). Keep in step with migrations/postgres.
-- Conventions: integer ids, timestamps in epoch milliseconds (UTC), booleans as 0/1,
-- every content row carries its language (`lang`: 'nl' or 'en').

CREATE TABLE labs (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    is_partner_lab INTEGER NOT NULL CHECK (is_partner_lab IN (0, 1)),
    stakeholder TEXT NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    tagline_nl TEXT NOT NULL,
    tagline_en TEXT NOT NULL,
    description_nl TEXT NOT NULL,
    description_en TEXT NOT NULL
);

CREATE TABLE sectors (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE challenge_topics (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL
);

-- Accounts (sign-in, roles) come with the accounts issue; a deleted account keeps its row
-- (display name cleared, deleted_at set) so posts stay attributed to a "former member".
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    email TEXT UNIQUE,
    bio_nl TEXT NOT NULL DEFAULT '',
    bio_en TEXT NOT NULL DEFAULT '',
    is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    created_at INTEGER NOT NULL,
    deleted_at INTEGER
);

CREATE TABLE collectives (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    founded_year INTEGER,
    legal_form TEXT NOT NULL CHECK (legal_form IN ('cooperative', 'association', 'foundation', 'informal', 'bv')),
    member_count INTEGER,
    volunteer_count INTEGER,
    municipality TEXT NOT NULL,
    province TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('starting', 'growing', 'established', 'scaling')),
    website TEXT,
    description_nl TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    consent_open_data INTEGER NOT NULL DEFAULT 0 CHECK (consent_open_data IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX collectives_province ON collectives (province, name);

CREATE TABLE collective_sectors (
    collective_id INTEGER NOT NULL REFERENCES collectives (id) ON DELETE CASCADE,
    sector_id INTEGER NOT NULL REFERENCES sectors (id),
    PRIMARY KEY (collective_id, sector_id)
);
CREATE INDEX collective_sectors_sector ON collective_sectors (sector_id, collective_id);

CREATE TABLE collective_umbrellas (
    collective_id INTEGER NOT NULL REFERENCES collectives (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (collective_id, position)
);

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    collective_id INTEGER NOT NULL REFERENCES collectives (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('member', 'admin')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'refused')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, collective_id)
);
CREATE INDEX memberships_collective ON memberships (collective_id, status);

CREATE TABLE lab_partners (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lab_id INTEGER NOT NULL REFERENCES labs (id),
    organisation TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, lab_id)
);
CREATE INDEX lab_partners_lab ON lab_partners (lab_id);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    collective_id INTEGER REFERENCES collectives (id) ON DELETE SET NULL,
    routed_lab_id INTEGER REFERENCES labs (id),
    claimed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'resolved', 'closed')),
    answer_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL
);
CREATE INDEX questions_newest ON questions (created_at DESC, id DESC);
CREATE INDEX questions_lab_newest ON questions (routed_lab_id, created_at DESC, id DESC);
CREATE INDEX questions_collective ON questions (collective_id, created_at DESC);
CREATE INDEX questions_author ON questions (author_id);

CREATE TABLE question_sectors (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    sector_id INTEGER NOT NULL REFERENCES sectors (id),
    PRIMARY KEY (question_id, sector_id)
);
CREATE INDEX question_sectors_sector ON question_sectors (sector_id, question_id);

CREATE TABLE question_topics (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES challenge_topics (id),
    PRIMARY KEY (question_id, topic_id)
);
CREATE INDEX question_topics_topic ON question_topics (topic_id, question_id);

-- expert_lab_id is derived when the answer is written: the routed lab, if the author is one of its
-- partners. At most one accepted answer per question.
CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    expert_lab_id INTEGER REFERENCES labs (id),
    is_accepted INTEGER NOT NULL DEFAULT 0 CHECK (is_accepted IN (0, 1)),
    score INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX answers_question ON answers (question_id, created_at);
CREATE INDEX answers_author ON answers (author_id);
CREATE UNIQUE INDEX answers_one_accepted ON answers (question_id) WHERE is_accepted = 1;
