package store

import (
	"context"
	"database/sql"
	"fmt"
)

// GenerateOwnerReviews adds n published owner reviews for benchmarks and
// load tests: by n/100+1 generated members (bench-N@example.invalid, with
// an unusable password hash), spread evenly over the active chairs, each
// rating made up and labelled so in its text. It is never run on a real
// site's database; nothing calls it but the benchmarks and
// scripts/benchdata.
func (s *Store) GenerateOwnerReviews(ctx context.Context, n int) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT c.id"+chairFrom+" ORDER BY c.id")
		if err != nil {
			return fmt.Errorf("generate reviews: %w", err)
		}
		var chairs []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			chairs = append(chairs, id)
		}
		rows.Close()
		if len(chairs) == 0 {
			return fmt.Errorf("generate reviews: the catalog is empty")
		}
		now := s.now().Unix()
		users := n/len(chairs) + 1
		userIDs := make([]int64, users)
		for i := range userIDs {
			if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO users (email, display_name, password_hash, role, created_at)
				VALUES (?, ?, 'generated: no password', 'member', ?) RETURNING id`),
				fmt.Sprintf("bench-%d@example.invalid", i), fmt.Sprintf("Generated member %d", i), now).Scan(&userIDs[i]); err != nil {
				return fmt.Errorf("generate reviews: %w", err)
			}
		}
		insert, err := tx.PrepareContext(ctx, s.q(`INSERT INTO reviews (chair_id, user_id, overall, months_owned, text, pros, cons,
			status, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, '', '', 'published', ?, ?, ?)`))
		if err != nil {
			return fmt.Errorf("generate reviews: %w", err)
		}
		defer insert.Close()
		for i := range n {
			chair, user := chairs[i%len(chairs)], userIDs[i/len(chairs)]
			if _, err := insert.ExecContext(ctx, chair, user, 1+i%5, 1+i%36,
				"Generated review for a benchmark: not a real owner's words.", now, now, now); err != nil {
				return fmt.Errorf("generate reviews: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chairs SET
			rating_sum = (SELECT COALESCE(SUM(overall), 0) FROM reviews WHERE chair_id = chairs.id AND status = 'published'),
			rating_count = (SELECT COUNT(*) FROM reviews WHERE chair_id = chairs.id AND status = 'published')`); err != nil {
			return fmt.Errorf("generate reviews: %w", err)
		}
		return s.bumpCatalogVersion(ctx, tx)
	})
	if err != nil {
		return err
	}
	return s.tidyChairs(ctx)
}
