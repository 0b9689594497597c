package importer

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// node is one node of a /console/inspect dump: a dir, path, cmd or arg.
type node struct {
	Type     string
	Desc     string
	Comp     map[string]completion // nil when the dump has no completions for the arg
	Children map[string]*node
}

type completion struct {
	Style string
	Desc  string
}

// parseDump decodes a dump in the restraml inspect format: nested objects keyed by name, each with
// _type (dir, path, cmd, arg), an optional desc and, in deep dumps, _completion. A _meta object at
// the top names the RouterOS version.
func parseDump(data []byte) (root *node, version string, err error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, "", fmt.Errorf("dump: %w", err)
	}
	if m, ok := raw["_meta"]; ok {
		var meta struct {
			Version string `json:"version"`
		}
		_ = json.Unmarshal(m, &meta)
		version = meta.Version
	}
	root = &node{Type: "dir", Children: map[string]*node{}}
	for k, v := range raw {
		if strings.HasPrefix(k, "_") {
			continue
		}
		n, err := parseNode(v, 0)
		if err != nil {
			return nil, "", fmt.Errorf("dump: %s: %w", k, err)
		}
		if n != nil {
			root.Children[k] = n
		}
	}
	return root, version, nil
}

func parseNode(data json.RawMessage, depth int) (*node, error) {
	if depth > 64 {
		return nil, fmt.Errorf("nesting too deep")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil // not an object: ignore
	}
	n := &node{}
	if t, ok := raw["_type"]; ok {
		_ = json.Unmarshal(t, &n.Type)
	}
	if d, ok := raw["desc"]; ok {
		_ = json.Unmarshal(d, &n.Desc)
		n.Desc = strings.Join(strings.Fields(n.Desc), " ")
	}
	if c, ok := raw["_completion"]; ok {
		var comp map[string]struct {
			Style string `json:"style"`
			Desc  string `json:"desc"`
		}
		if err := json.Unmarshal(c, &comp); err == nil {
			n.Comp = map[string]completion{}
			for k, v := range comp {
				n.Comp[k] = completion{Style: v.Style, Desc: strings.Join(strings.Fields(v.Desc), " ")}
			}
		}
	}
	for k, v := range raw {
		if strings.HasPrefix(k, "_") || k == "desc" {
			continue
		}
		c, err := parseNode(v, depth+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		if c == nil || c.Type == "" {
			continue
		}
		if n.Children == nil {
			n.Children = map[string]*node{}
		}
		n.Children[k] = c
	}
	return n, nil
}

func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	return n.Children[name]
}

// lookup returns the node at the API path p ("/ip/address"), or nil.
func (n *node) lookup(p string) *node {
	cur := n
	for _, e := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		cur = cur.child(e)
		if cur == nil {
			return nil
		}
	}
	return cur
}

func (n *node) isDir() bool { return n != nil && (n.Type == "dir" || n.Type == "path") }

func (n *node) cmd(name string) *node {
	c := n.child(name)
	if c == nil || c.Type != "cmd" {
		return nil
	}
	return c
}

// args returns the names of a command's arguments, sorted.
func (n *node) args() []string {
	if n == nil {
		return nil
	}
	var out []string
	for k, c := range n.Children {
		if c.Type == "arg" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func (n *node) arg(name string) *node {
	c := n.child(name)
	if c == nil || c.Type != "arg" {
		return nil
	}
	return c
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
