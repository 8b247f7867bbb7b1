-- Refresh families get an absolute age (tenant setting maxSessionAge) and the answer
-- for a just-rotated token presented again within refreshReuseGraceSeconds.

-- When the family's login happened; every token of the family carries it, so a
-- rotation copies it and the age check needs no second row. Existing families get
-- their earliest token's time (rotated tokens are kept, so that is the login).
ALTER TABLE refresh_tokens ADD COLUMN family_created_at timestamptz;
UPDATE refresh_tokens r SET family_created_at = f.first
    FROM (SELECT family_id, min(created_at) AS first FROM refresh_tokens GROUP BY family_id) f
    WHERE r.family_id = f.family_id;
ALTER TABLE refresh_tokens ALTER COLUMN family_created_at SET DEFAULT now(),
    ALTER COLUMN family_created_at SET NOT NULL;

-- On a rotated token, while its grace may still apply: the random seed its successor
-- was derived from together with the token itself (which is not stored). Forgotten
-- when the successor rotates in turn and by the janitor after the longest grace, so
-- a later dump plus an old token yields nothing.
ALTER TABLE refresh_tokens ADD COLUMN successor_seed text;
CREATE INDEX refresh_tokens_seed_idx ON refresh_tokens (rotated_at)
    WHERE successor_seed IS NOT NULL;
