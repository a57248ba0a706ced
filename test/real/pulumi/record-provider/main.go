// A resource provider plugin for the real Pulumi engine's own decisions in socle's tests: it answers
// as the provider named by its file name (pulumi-resource-random, pulumi-resource-kubernetes) and
// records every delete the engine asks for, one URN per line, in $SOCLE_RECORD_FILE. Which
// resources a `pulumi destroy` deletes is the engine's choice (protect, --exclude-protected,
// dependencies); the provider only says yes. Built by test/real/pulumi/record-provider.ts.
package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/pkg/v3/resource/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

type recorder struct {
	pulumirpc.UnimplementedResourceProviderServer
	mu sync.Mutex
}

func (r *recorder) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: os.Getenv("SOCLE_RECORD_VERSION")}, nil
}

func (r *recorder) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (r *recorder) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (r *recorder) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, AcceptResources: true, SupportsPreview: true}, nil
}

func (r *recorder) Delete(_ context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, err := os.OpenFile(os.Getenv("SOCLE_RECORD_FILE"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	_, err = f.WriteString(req.GetUrn() + "\n")
	return &emptypb.Empty{}, err
}

func (r *recorder) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func main() {
	name := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-resource-")
	if err := provider.Main(name, func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) { return &recorder{}, nil }); err != nil {
		os.Exit(1)
	}
}
