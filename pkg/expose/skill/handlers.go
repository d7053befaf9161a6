package skill

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/naftiko/naftiko-go/pkg/expose"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"encoding"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"status": status, "error": msg})
}

func (s *Server) observe(op string, code int, start time.Time) {
	kind := ""
	if code >= 400 {
		kind = "status"
	}
	s.p.Metrics.Exposed(s.p.Entry.Skill.Namespace, op, code, kind, time.Since(start))
}

func (s *Server) list(w http.ResponseWriter, _ *http.Request) {
	start := time.Now()
	type entry struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		License     string   `json:"license,omitempty"`
		Tools       []string `json:"tools"`
	}
	out := []entry{}
	for _, sk := range s.skills {
		names := []string{}
		for _, t := range sk.tools {
			names = append(names, t.Name)
		}
		out = append(out, entry{sk.spec.Name, sk.spec.Description, sk.spec.License, names})
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(out), "skills": out})
	s.observe("GET /skills", http.StatusOK, start)
}

func (s *Server) lookup(w http.ResponseWriter, r *http.Request, op string,
	start time.Time) *skill {
	sk := s.byName[r.PathValue("name")]
	if sk == nil {
		s.fail(w, op, start, http.StatusNotFound, "no skill "+r.PathValue("name"))
	}
	return sk
}

// fail answers an error and records it for op.
func (s *Server) fail(w http.ResponseWriter, op string, start time.Time, code int, msg string) {
	writeError(w, code, msg)
	s.observe(op, code, start)
}

// listFiles returns the files of a skill's location folder, or answers
// the error and returns false.
func (s *Server) listFiles(w http.ResponseWriter, op string, start time.Time,
	sk *skill) ([]string, bool) {
	if sk.root == nil {
		s.fail(w, op, start, http.StatusNotFound, "skill "+sk.spec.Name+" has no location")
		return nil, false
	}
	names, err := expose.RegularFiles(sk.root)
	if err != nil {
		s.fail(w, op, start, http.StatusInternalServerError, err.Error())
		return nil, false
	}
	return names, true
}

func (s *Server) detail(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sk := s.lookup(w, r, "GET /skills/{name}", start)
	if sk == nil {
		return
	}
	e := sk.spec
	tools := sk.tools
	if tools == nil {
		tools = []tool{}
	}
	writeJSON(w, http.StatusOK, struct {
		Name                   string            `json:"name"`
		Description            string            `json:"description"`
		License                string            `json:"license,omitempty"`
		Compatibility          string            `json:"compatibility,omitempty"`
		ArgumentHint           string            `json:"argument-hint,omitempty"`
		AllowedTools           string            `json:"allowed-tools,omitempty"`
		UserInvocable          *bool             `json:"user-invocable,omitempty"`
		DisableModelInvocation *bool             `json:"disable-model-invocation,omitempty"`
		Metadata               map[string]string `json:"metadata,omitempty"`
		Tools                  []tool            `json:"tools"`
	}{e.Name, e.Description, e.License, e.Compatibility, e.ArgumentHint, e.AllowedTools,
		e.UserInvocable, e.DisableModelInvocation, e.Metadata, tools})
	s.observe("GET /skills/{name}", http.StatusOK, start)
}

// mediaTypes is a fixed table, so answers do not depend on the host's
// MIME database.
var mediaTypes = map[string]string{
	".md": "text/markdown", ".markdown": "text/markdown", ".txt": "text/plain",
	".json": "application/json", ".yaml": "application/yaml", ".yml": "application/yaml",
	".xml": "application/xml", ".html": "text/html", ".csv": "text/csv",
	".py": "text/x-python", ".sh": "text/x-shellscript", ".js": "text/javascript",
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
	".svg": "image/svg+xml", ".zip": "application/zip",
}

func mediaType(name string) string {
	if t, ok := mediaTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

func (s *Server) contents(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	const op = "GET /skills/{name}/contents"
	sk := s.lookup(w, r, op, start)
	if sk == nil {
		return
	}
	names, ok := s.listFiles(w, op, start, sk)
	if !ok {
		return
	}
	type file struct {
		Path string `json:"path"`
		Size int64  `json:"size"`
		Type string `json:"type"`
	}
	out := []file{}
	for _, n := range names {
		fi, err := sk.root.Stat(n)
		if err != nil {
			continue
		}
		out = append(out, file{n, fi.Size(), mediaType(n)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"name": sk.spec.Name, "files": out})
	s.observe(op, http.StatusOK, start)
}

func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	const op = "GET /skills/{name}/contents/{file}"
	sk := s.lookup(w, r, op, start)
	if sk == nil {
		return
	}
	rel := r.PathValue("file")
	if seg, bad := expose.UnsafeSegment(rel); bad {
		s.fail(w, op, start, http.StatusBadRequest, "path segment "+seg+" is not allowed")
		return
	}
	if sk.root == nil {
		s.fail(w, op, start, http.StatusNotFound, "skill "+sk.spec.Name+" has no location")
		return
	}
	f, err := sk.root.Open(rel)
	var fi fs.FileInfo
	if err == nil {
		defer f.Close()
		fi, err = f.Stat()
	}
	if err != nil || !fi.Mode().IsRegular() {
		code := http.StatusNotFound
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			code = http.StatusBadRequest // escapes through a symbolic link land here
		}
		s.fail(w, op, start, code, "no file "+rel+" in skill "+sk.spec.Name)
		return
	}
	w.Header().Set("Content-Type", mediaType(rel))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = io.Copy(w, f)
	s.observe(op, http.StatusOK, start)
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	const op = "GET /skills/{name}/download"
	sk := s.lookup(w, r, op, start)
	if sk == nil {
		return
	}
	names, ok := s.listFiles(w, op, start, sk)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+sk.spec.Name+`.zip"`)
	zw := zip.NewWriter(w)
	for _, n := range names {
		if err := addFile(zw, sk, n); err != nil {
			s.p.Logger.Error("skill download", "skill", sk.spec.Name, "file", n, "error", err)
			return // the archive is cut short; the client sees a broken ZIP
		}
	}
	_ = zw.Close()
	s.observe(op, http.StatusOK, start)
}

func addFile(zw *zip.Writer, sk *skill, name string) error {
	f, err := sk.root.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	dst, err := zw.Create(sk.spec.Name + "/" + name)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, f)
	return err
}
