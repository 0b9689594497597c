//go:build tools

// Package tools pins the module's dependencies before the code that uses them lands.
package tools

import (
	_ "github.com/dave/jennifer/jen"
	_ "github.com/stretchr/testify/require"
	_ "go.uber.org/goleak"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/tools/txtar"
)
