module github.com/rosgen/routeros/bench

go 1.24.0

replace github.com/rosgen/routeros => ../

require (
	github.com/go-routeros/routeros/v3 v3.0.1
	github.com/rosgen/routeros v0.0.0-00010101000000-000000000000
)

require (
	github.com/dave/jennifer v1.7.1 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
