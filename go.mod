module github.com/rosgen/routeros

go 1.24.0

require (
	github.com/dave/jennifer v1.7.1
	github.com/stretchr/testify v1.12.1
	go.uber.org/goleak v1.3.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/tools v0.40.0
)

tool github.com/rosgen/routeros/cmd/rosgen
