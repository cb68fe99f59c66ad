-- Issue 16, point 3: what every write to a thread must also do happens here, in triggers, so that
-- no write can forget it (as 0007 already did for the dashboards' `stats` version):
--   * the thread page cache: `questions.cache_version` moves with every change to a question, its
--     answers, its comments or its lab pins (`questions::page_cache` serves visitors a page only while it is
--     unchanged);
--   * author cards: `cache_versions('people')` moves with names, active memberships and partner
--     roles;
--   * the first-answer times the dashboards read (`first_answer_at`, `first_expert_answer_at`);
--   * the search feed: `search_changes` gets the question or collective whose document changed.
-- A statement that moves `cache_version` itself is not counted twice.

-- The thread page cache.
CREATE FUNCTION thread_question_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.cache_version = OLD.cache_version THEN
        NEW.cache_version := OLD.cache_version + 1;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER thread_question_changed BEFORE UPDATE ON questions
    FOR EACH ROW EXECUTE FUNCTION thread_question_changed();

-- For answers, comments and lab pins (all carry `question_id`).
CREATE FUNCTION thread_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        UPDATE questions SET cache_version = cache_version + 1 WHERE id = NEW.question_id;
    END IF;
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.question_id <> NEW.question_id) THEN
        UPDATE questions SET cache_version = cache_version + 1 WHERE id = OLD.question_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER thread_answers AFTER INSERT OR UPDATE OR DELETE ON answers
    FOR EACH ROW EXECUTE FUNCTION thread_post_changed();
CREATE TRIGGER thread_comments AFTER INSERT OR UPDATE OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION thread_post_changed();
CREATE TRIGGER thread_pins AFTER INSERT OR DELETE ON lab_pins
    FOR EACH ROW EXECUTE FUNCTION thread_post_changed();

-- Author cards on every thread (once per statement).
CREATE FUNCTION bump_people_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cache_versions SET value = value + 1 WHERE name = 'people';
    RETURN NULL;
END
$$;
CREATE TRIGGER people_users AFTER UPDATE OF display_name, deleted_at ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER people_memberships AFTER INSERT OR DELETE OR UPDATE OF status, role, user_id,
    collective_id ON memberships FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER people_partners AFTER INSERT OR UPDATE OR DELETE ON lab_partners
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER people_collectives AFTER UPDATE OF name, slug ON collectives
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER people_collective_sectors AFTER INSERT OR DELETE ON collective_sectors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();

-- First-answer times: the oldest visible answer, and the oldest visible expert answer.
CREATE FUNCTION refresh_answer_times(question BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE questions SET
        first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                           WHERE a.question_id = question AND a.hidden_at IS NULL),
        first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                  WHERE a.question_id = question AND a.hidden_at IS NULL
                                    AND a.expert_lab_id IS NOT NULL)
    WHERE id = question;
$$;
CREATE FUNCTION answer_times_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM refresh_answer_times(NEW.question_id);
    END IF;
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.question_id <> NEW.question_id) THEN
        PERFORM refresh_answer_times(OLD.question_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER answer_times AFTER INSERT OR DELETE OR UPDATE OF hidden_at, question_id,
    expert_lab_id, created_at ON answers FOR EACH ROW EXECUTE FUNCTION answer_times_changed();

-- The search feed (`search::documents`: a question's document is its own columns, its sectors
-- and topics and its visible answers; a collective's is its profile and sectors).
CREATE FUNCTION search_changed(entity TEXT, id BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO search_changes (entity_type, entity_id, created_at)
    VALUES (entity, id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
$$;
CREATE FUNCTION search_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- TG_ARGV[0]: the entity; TG_ARGV[1]: the column holding its id.
    new_id BIGINT;
    old_id BIGINT;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        new_id := (to_jsonb(NEW) ->> TG_ARGV[1])::bigint;
        PERFORM search_changed(TG_ARGV[0], new_id);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_id := (to_jsonb(OLD) ->> TG_ARGV[1])::bigint;
        IF new_id IS NULL OR old_id <> new_id THEN
            PERFORM search_changed(TG_ARGV[0], old_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_questions AFTER INSERT OR DELETE OR UPDATE OF lang, title, body_md, status,
    routed_lab_id, answer_count, hidden_at ON questions
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('question', 'id');
CREATE TRIGGER search_question_sectors AFTER INSERT OR DELETE ON question_sectors
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('question', 'question_id');
CREATE TRIGGER search_question_topics AFTER INSERT OR DELETE ON question_topics
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('question', 'question_id');
CREATE TRIGGER search_answers AFTER INSERT OR DELETE OR UPDATE OF lang, body_md, hidden_at,
    question_id ON answers FOR EACH ROW EXECUTE FUNCTION search_row_changed('question', 'question_id');
CREATE TRIGGER search_collectives AFTER INSERT OR DELETE OR UPDATE OF slug, name, municipality,
    province, description_nl, description_en ON collectives
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('collective', 'id');
CREATE TRIGGER search_collective_sectors AFTER INSERT OR DELETE ON collective_sectors
    FOR EACH ROW EXECUTE FUNCTION search_row_changed('collective', 'collective_id');
