module github.com/rosgen/routeros/compat/go

go 1.24.0

replace github.com/rosgen/routeros => ../..

require github.com/go-routeros/routeros/v3 v3.0.1
