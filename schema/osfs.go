package schema

import "path/filepath"

func filepathToSlash(p string) string { return filepath.ToSlash(p) }
