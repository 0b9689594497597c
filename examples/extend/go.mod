module example.com/extend

go 1.24.0

tool github.com/rosgen/routeros/cmd/rosgen

require (
	github.com/rosgen/routeros v0.0.0
	go.uber.org/goleak v1.3.0
)

require (
	github.com/dave/jennifer v1.7.1 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)

replace github.com/rosgen/routeros => ../..
