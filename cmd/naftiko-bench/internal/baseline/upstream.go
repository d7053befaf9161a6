package baseline

import (
	"encoding/json"
	"net/http"
)

// UserPath is the upstream resource every target ends up fetching, and the
// path every REST target serves.
const UserPath = "/user"

// upstreamBody is the ~1 KB JSON document the upstream serves. The fields
// the benchmark maps are id, name, email, location.city and stats.followers.
var upstreamBody = []byte(`{
  "id": 482913,
  "login": "ada-lovelace",
  "name": "Ada Lovelace",
  "email": "ada@example.org",
  "company": "Analytical Engines Ltd",
  "blog": "https://example.org/ada",
  "bio": "First programmer. Writes notes longer than the papers they annotate.",
  "location": {"city": "London", "country": "GB", "timezone": "Europe/London"},
  "stats": {"followers": 18342, "following": 12, "publicRepos": 57, "gists": 9},
  "plan": {"name": "pro", "space": 976562499, "collaborators": 0, "privateRepos": 9999},
  "tags": ["mathematics", "engines", "notes", "poetry", "bernoulli"],
  "links": {
    "self": "https://api.example.org/users/ada-lovelace",
    "repos": "https://api.example.org/users/ada-lovelace/repos",
    "followers": "https://api.example.org/users/ada-lovelace/followers"
  },
  "createdAt": "2008-01-14T04:33:35Z",
  "updatedAt": "2026-11-02T18:05:11Z",
  "siteAdmin": false,
  "hireable": true,
  "twoFactor": true,
  "nodeId": "MDQ6VXNlcjQ4MjkxMw==",
  "avatarUrl": "https://avatars.example.org/u/482913?v=4",
  "gravatarId": ""
}
`)

// upstreamHandler serves upstreamBody at userPath.
func upstreamHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+UserPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(upstreamBody)
	})
	return mux
}

// upstreamUser is the part of upstreamBody a hand-written client decodes.
type upstreamUser struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Location struct {
		City string `json:"city"`
	} `json:"location"`
	Stats struct {
		Followers int64 `json:"followers"`
	} `json:"stats"`
}

// MappedUser is the mapped result, the same shape testdata/bench/rest.yaml
// produces.
type MappedUser struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	City      string `json:"city"`
	Followers int64  `json:"followers"`
}

func mapUser(u *upstreamUser) MappedUser {
	return MappedUser{
		ID: u.ID, Name: u.Name, Email: u.Email,
		City: u.Location.City, Followers: u.Stats.Followers,
	}
}

// decodeUser decodes an upstream body.
func decodeUser(body []byte) (*upstreamUser, error) {
	var u upstreamUser
	if err := json.Unmarshal(body, &u); err != nil {
		return nil, err
	}
	return &u, nil
}
