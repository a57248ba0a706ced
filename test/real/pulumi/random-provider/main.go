// A reproduction of the one resource of the random provider socle's program uses,
// random:index/randomPassword:RandomPassword, for socle's tests: the Go module proxy does not serve
// the real provider (github.com/pulumi/pulumi-random/provider/v4), a Terraform-bridged build of
// hashicorp/terraform-provider-random. It answers as that provider's random_password does, read
// from terraform-provider-random's internal/provider/resource_password.go (Create: CreateString,
// then generateHash, a bcrypt hash of the result's first 72 bytes, id "none"; Read, Delete: nothing; every argument forces a
// replacement, passwordSchemaV3) and internal/random/string.go (CreateString), with the property
// names and defaults the @pulumi/random SDK sends (randomPassword.ts: camelCase, special, upper,
// lower, numeric and number default true, the minimums 0). Built by test-programs.ts.
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"os"
	"sort"

	"github.com/pulumi/pulumi/pkg/v3/resource/provider"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/crypto/bcrypt"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// version is the @pulumi/random release whose provider this stands in for, set by the build.
var version = "dev"

const passwordType = "random:index/randomPassword:RandomPassword"

// The arguments of random_password (passwordSchemaV3) and their defaults; `keepers` has none.
var defaults = map[resource.PropertyKey]resource.PropertyValue{
	"special": resource.NewBoolProperty(true), "upper": resource.NewBoolProperty(true), "lower": resource.NewBoolProperty(true),
	"numeric": resource.NewBoolProperty(true), "number": resource.NewBoolProperty(true),
	"minSpecial": resource.NewNumberProperty(0), "minUpper": resource.NewNumberProperty(0), "minLower": resource.NewNumberProperty(0), "minNumeric": resource.NewNumberProperty(0),
}
var arguments = []resource.PropertyKey{"keepers", "length", "special", "upper", "lower", "numeric", "number", "minSpecial", "minUpper", "minLower", "minNumeric", "overrideSpecial"}

var options = plugin.MarshalOptions{KeepUnknowns: true, SkipNulls: true}

type randomProvider struct {
	pulumirpc.UnimplementedResourceProviderServer
}

func (p *randomProvider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (p *randomProvider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (p *randomProvider) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

// Secrets are not accepted: the engine hands plain values over and keeps `result` and
// `bcryptHash` secret itself (the SDK registers them as additionalSecretOutputs).
func (p *randomProvider) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: false, AcceptResources: true, SupportsPreview: false}, nil
}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	return plugin.UnmarshalProperties(s, options)
}

func (p *randomProvider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	if req.GetType() != passwordType {
		return nil, fmt.Errorf("socle's random provider reproduces only %s, not %s", passwordType, req.GetType())
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	if !news.HasValue("length") {
		return &pulumirpc.CheckResponse{Failures: []*pulumirpc.CheckFailure{{Property: "length", Reason: "Missing required property 'length'"}}}, nil
	}
	for k, v := range defaults {
		if !news.HasValue(k) {
			news[k] = v
		}
	}
	inputs, err := plugin.MarshalProperties(news, options)
	return &pulumirpc.CheckResponse{Inputs: inputs}, err
}

// Every argument has RequiresReplace: a change replaces the password.
func (p *randomProvider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var replaces []string
	for _, k := range arguments {
		if !olds[k].DeepEquals(news[k]) {
			replaces = append(replaces, string(k))
		}
	}
	if len(replaces) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
	}
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_SOME, Replaces: replaces, Diffs: replaces}, nil
}

func (p *randomProvider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	inputs, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	number := func(k resource.PropertyKey) int64 { return int64(inputs[k].NumberValue()) }
	special := "!@#$%&*()-_=+[]{}<>:?"
	if inputs.HasValue("overrideSpecial") && inputs["overrideSpecial"].StringValue() != "" {
		special = inputs["overrideSpecial"].StringValue()
	}
	result, err := createString(number("length"), []charClass{
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", inputs["upper"].BoolValue(), number("minUpper")},
		{"abcdefghijklmnopqrstuvwxyz", inputs["lower"].BoolValue(), number("minLower")},
		{"0123456789", inputs["numeric"].BoolValue(), number("minNumeric")},
		{special, inputs["special"].BoolValue(), number("minSpecial")},
	})
	if err != nil {
		return nil, err
	}
	// resource_password.go generateHash: only the first 72 bytes, all bcrypt reads (x/crypto
	// v0.5.0 and later refuse a longer password instead of ignoring the rest).
	hash, err := bcrypt.GenerateFromPassword(result[:min(len(result), 72)], bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	outputs := inputs.Copy()
	outputs["result"] = resource.NewStringProperty(string(result))
	outputs["bcryptHash"] = resource.NewStringProperty(string(hash))
	properties, err := plugin.MarshalProperties(outputs, options)
	return &pulumirpc.CreateResponse{Id: "none", Properties: properties}, err
}

// resource_password.go Read: the state already holds everything.
func (p *randomProvider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

func (p *randomProvider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (p *randomProvider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

type charClass struct {
	chars   string
	enabled bool
	min     int64
}

// string.go CreateString: each class's minimum first, the rest from every enabled class, then
// the bytes put in a random order.
func createString(length int64, classes []charClass) ([]byte, error) {
	all := ""
	for _, c := range classes {
		if c.enabled {
			all += c.chars
		}
	}
	result := make([]byte, 0, length)
	for _, c := range classes {
		b, err := randomBytes(c.chars, c.min)
		if err != nil {
			return nil, err
		}
		result = append(result, b...)
	}
	rest, err := randomBytes(all, length-int64(len(result)))
	if err != nil {
		return nil, err
	}
	result = append(result, rest...)
	order := make([]byte, len(result))
	if _, err := rand.Read(order); err != nil {
		return nil, err
	}
	sort.Slice(result, func(i, j int) bool { return order[i] < order[j] })
	return result, nil
}

func randomBytes(chars string, n int64) ([]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	out := make([]byte, n)
	size := big.NewInt(int64(len(chars)))
	for i := range out {
		idx, err := rand.Int(rand.Reader, size)
		if err != nil {
			return nil, err
		}
		out[i] = chars[idx.Int64()]
	}
	return out, nil
}

func main() {
	if err := provider.Main("random", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) { return &randomProvider{}, nil }); err != nil {
		os.Exit(1)
	}
}
