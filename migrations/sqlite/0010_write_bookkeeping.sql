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
CREATE TRIGGER thread_question_changed AFTER UPDATE ON questions
WHEN NEW.cache_version = OLD.cache_version
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = NEW.id; END;
CREATE TRIGGER thread_answer_added AFTER INSERT ON answers
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = NEW.question_id; END;
CREATE TRIGGER thread_answer_changed AFTER UPDATE ON answers
BEGIN UPDATE questions SET cache_version = cache_version + 1
      WHERE id IN (NEW.question_id, OLD.question_id); END;
CREATE TRIGGER thread_answer_removed AFTER DELETE ON answers
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = OLD.question_id; END;
CREATE TRIGGER thread_comment_added AFTER INSERT ON comments
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = NEW.question_id; END;
CREATE TRIGGER thread_comment_changed AFTER UPDATE ON comments
BEGIN UPDATE questions SET cache_version = cache_version + 1
      WHERE id IN (NEW.question_id, OLD.question_id); END;
CREATE TRIGGER thread_comment_removed AFTER DELETE ON comments
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = OLD.question_id; END;
CREATE TRIGGER thread_pin_added AFTER INSERT ON lab_pins
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = NEW.question_id; END;
CREATE TRIGGER thread_pin_removed AFTER DELETE ON lab_pins
BEGIN UPDATE questions SET cache_version = cache_version + 1 WHERE id = OLD.question_id; END;

-- Author cards on every thread.
CREATE TRIGGER people_user_changed AFTER UPDATE OF display_name, deleted_at ON users
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_membership_added AFTER INSERT ON memberships
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_membership_changed AFTER UPDATE OF status, role, user_id, collective_id ON memberships
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_membership_removed AFTER DELETE ON memberships
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_partner_added AFTER INSERT ON lab_partners
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_partner_changed AFTER UPDATE ON lab_partners
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_partner_removed AFTER DELETE ON lab_partners
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_collective_renamed AFTER UPDATE OF name, slug ON collectives
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_collective_sector_added AFTER INSERT ON collective_sectors
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;
CREATE TRIGGER people_collective_sector_removed AFTER DELETE ON collective_sectors
BEGIN UPDATE cache_versions SET value = value + 1 WHERE name = 'people'; END;

-- First-answer times: the oldest visible answer, and the oldest visible expert answer.
CREATE TRIGGER answer_times_added AFTER INSERT ON answers
BEGIN
    UPDATE questions SET
        first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                           WHERE a.question_id = NEW.question_id AND a.hidden_at IS NULL),
        first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                  WHERE a.question_id = NEW.question_id AND a.hidden_at IS NULL
                                    AND a.expert_lab_id IS NOT NULL)
    WHERE id = NEW.question_id;
END;
CREATE TRIGGER answer_times_changed AFTER UPDATE OF hidden_at, question_id, expert_lab_id, created_at ON answers
BEGIN
    UPDATE questions SET
        first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                           WHERE a.question_id = questions.id AND a.hidden_at IS NULL),
        first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                  WHERE a.question_id = questions.id AND a.hidden_at IS NULL
                                    AND a.expert_lab_id IS NOT NULL)
    WHERE id IN (NEW.question_id, OLD.question_id);
END;
CREATE TRIGGER answer_times_removed AFTER DELETE ON answers
BEGIN
    UPDATE questions SET
        first_answer_at = (SELECT MIN(a.created_at) FROM answers a
                           WHERE a.question_id = OLD.question_id AND a.hidden_at IS NULL),
        first_expert_answer_at = (SELECT MIN(a.created_at) FROM answers a
                                  WHERE a.question_id = OLD.question_id AND a.hidden_at IS NULL
                                    AND a.expert_lab_id IS NOT NULL)
    WHERE id = OLD.question_id;
END;

-- The search feed (`search::documents`: a question's document is its own columns, its sectors
-- and topics and its visible answers; a collective's is its profile and sectors).
CREATE TRIGGER search_question_added AFTER INSERT ON questions
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_question_changed AFTER UPDATE OF lang, title, body_md, status, routed_lab_id,
    answer_count, hidden_at ON questions
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_question_removed AFTER DELETE ON questions
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_question_sector_added AFTER INSERT ON question_sectors
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', NEW.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_question_sector_removed AFTER DELETE ON question_sectors
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', OLD.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_question_topic_added AFTER INSERT ON question_topics
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', NEW.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_question_topic_removed AFTER DELETE ON question_topics
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', OLD.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_answer_added AFTER INSERT ON answers
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', NEW.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_answer_changed AFTER UPDATE OF lang, body_md, hidden_at, question_id ON answers
BEGIN
    INSERT INTO search_changes (entity_type, entity_id, created_at)
    VALUES ('question', NEW.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
    INSERT INTO search_changes (entity_type, entity_id, created_at)
    SELECT 'question', OLD.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
    WHERE OLD.question_id <> NEW.question_id;
END;
CREATE TRIGGER search_answer_removed AFTER DELETE ON answers
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('question', OLD.question_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_collective_added AFTER INSERT ON collectives
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('collective', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_collective_changed AFTER UPDATE OF slug, name, municipality, province,
    description_nl, description_en ON collectives
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('collective', NEW.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_collective_removed AFTER DELETE ON collectives
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('collective', OLD.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_collective_sector_added AFTER INSERT ON collective_sectors
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('collective', NEW.collective_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
CREATE TRIGGER search_collective_sector_removed AFTER DELETE ON collective_sectors
BEGIN INSERT INTO search_changes (entity_type, entity_id, created_at)
      VALUES ('collective', OLD.collective_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)); END;
