package mail

import (
	"context"
	"encoding/json"
	"fmt"
)

// JobKind is the background-job kind that sends one Message; its payload
// is the Message as JSON (see Payload).
const JobKind = "mail.send"

// Payload is the job payload that sends m.
func Payload(m Message) ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// JobHandler returns the handler of JobKind jobs: it decodes the Message
// and sends it through s. A payload that is not a valid Message fails for
// good; the sender's errors say themselves whether a retry can help.
func JobHandler(s Sender) func(ctx context.Context, payload []byte) error {
	return func(ctx context.Context, payload []byte) error {
		var m Message
		if err := json.Unmarshal(payload, &m); err != nil {
			return permanent(fmt.Errorf("mail job payload: %w", err))
		}
		return s.Send(ctx, m)
	}
}
