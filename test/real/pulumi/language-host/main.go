// A reproduction of the Node.js language host, pulumi-language-nodejs, for socle's tests: the Go
// module proxy does not serve the real one (its own module in the pulumi monorepo,
// sdk/nodejs/cmd/pulumi-language-nodejs), so `pulumi up/preview/destroy` of socle's program run
// through this instead. It does what the real host at v3.248.0 does for those commands, read from
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go at that tag (line numbers below), and nothing
// else: the real @pulumi/pulumi SDK's cmd/run then runs the program in `node`.
//
// Left out, because socle's program and these commands do not reach them: the resource-monitor
// proxy and the pipes for synchronous invokes (main.go 734-758, 772-812: the proxy forwards every
// call untouched, and the pipes serve only `invokeSync`, which socle's program never calls), so
// `--monitor` is the engine's own monitor and there is no `--sync`; the bun runtime, the debugger,
// the @pulumi/pulumi version-mismatch warning, tracing; InstallDependencies, RunPlugin, code
// generation, Pack, Link (Unimplemented here: the engine then falls back or fails loudly).
// GetRequiredPlugins is Unimplemented as in the real host (main.go 520-524): the engine asks
// GetRequiredPackages (langruntime_plugin.go 222-243 falls back only when that is Unimplemented).
// Built by test/real/pulumi/test-programs.ts.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/shlex"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is the @pulumi/pulumi release this reproduces, set by the build (-X main.version=…).
var version = "dev"

const (
	// main.go 98: the SDK's entry point, resolved from the program directory.
	defaultRunPath = "@pulumi/pulumi/cmd/run"
	// main.go 101, 105: where the SDK reads the config and the keys of its secrets.
	pulumiConfigVar           = "PULUMI_CONFIG"
	pulumiConfigSecretKeysVar = "PULUMI_CONFIG_SECRET_KEYS"
	// main.go 110: cmd/run's exit code after it already showed the user an actionable message.
	exitedAfterUserActionableMessage = 32
)

// main.go 120-199: flags, the engine address as the only argument, a health check of the engine,
// then a gRPC server whose port is the first line on stdout.
func main() {
	var tracing, runtime string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&runtime, "runtime", "nodejs", "the runtime to run programs with; only nodejs here")
	showVersion := flag.Bool("version", false, "Print the current plugin version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println(version)
		os.Exit(0)
	}
	logging.InitLogging(false, 0, false)
	if runtime != "nodejs" {
		cmdutil.Exit(fmt.Errorf("unsupported runtime in socle's reproduction: %s", runtime))
	}
	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelChannel := make(chan bool)
	go func() {
		<-ctx.Done()
		cancel()
		close(cancelChannel)
	}()
	if engineAddress != "" {
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}
	hostCtx, hostCancel := context.WithCancel(context.Background())
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, &nodeLanguageHost{engineAddress: engineAddress, tracing: tracing, cancelCtx: hostCtx, cancelFunc: hostCancel})
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

type nodeLanguageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
	tracing       string
	cancelCtx     context.Context
	cancelFunc    context.CancelFunc
}

// main.go 1412-1431: what the engine calls when it attaches to a running host (langruntime_plugin.go 69-80); when it starts the host, the address comes as the argument.
func (host *nodeLanguageHost) Handshake(ctx context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	host.engineAddress = req.EngineAddress
	hctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	if err := rpcutil.Healthcheck(hctx, host.engineAddress, 5*time.Minute, cancel); err != nil {
		return nil, fmt.Errorf("could not start health check host RPC server: %w", err)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// main.go 1144-1148.
func (host *nodeLanguageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// main.go 2247-2250.
func (host *nodeLanguageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	host.cancelFunc()
	return &emptypb.Empty{}, nil
}

// main.go 1347-1410, less the package manager's name and version (the engine only adds the
// answer to the update's metadata, and ignores an error: pkg/cmd/pulumi/operations/up.go 268-274).
func (host *nodeLanguageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find executable %q: %w", "node", err)
	}
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return &pulumirpc.AboutResponse{Executable: node}, nil
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

// main.go 470-517: every package under a node_modules folder of the program directory whose
// package.json says it is a Pulumi resource package.
func (host *nodeLanguageHost) GetRequiredPackages(_ context.Context, req *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	packages, err := getPackagesFromDir(req.Info.ProgramDirectory, false, map[string]struct{}{})
	if err != nil {
		logging.V(3).Infof("one or more errors while discovering plugins: %s", err)
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// main.go 527-643: a deep walk that follows symbolic links once (socle's project folder links the
// installation's node_modules) and skips policy packs.
func getPackagesFromDir(dir string, inNodeModules bool, visited map[string]struct{}) ([]*pulumirpc.PackageDependency, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, seen := visited[dir]; seen {
		return nil, nil
	}
	visited[dir] = struct{}{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading plugin dir %s: %w", dir, err)
	}
	var packages []*pulumirpc.PackageDependency
	var errs []error
	for _, entry := range entries {
		curr := filepath.Join(dir, entry.Name())
		isDir := entry.IsDir()
		if entry.Type()&fs.ModeSymlink != 0 {
			resolved, err := filepath.EvalSymlinks(curr)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			curr = resolved
			info, err := os.Stat(curr)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			isDir = info.IsDir()
		}
		if isDir {
			policyPack, err := workspace.DetectPolicyPackPathAt(curr)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if policyPack != "" {
				continue
			}
			more, err := getPackagesFromDir(curr, inNodeModules || filepath.Base(dir) == "node_modules", visited)
			if err != nil {
				errs = append(errs, err)
			}
			packages = append(packages, more...)
		} else if inNodeModules && entry.Name() == "package.json" {
			b, err := os.ReadFile(curr)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			var info packageJSON
			if err := json.Unmarshal(b, &info); err != nil {
				errs = append(errs, fmt.Errorf("unmarshaling package.json %s: %w", curr, err))
				continue
			}
			if dep, err := packageDependency(info); err != nil {
				errs = append(errs, fmt.Errorf("unmarshaling package.json %s: %w", curr, err))
			} else if dep != nil {
				packages = append(packages, dep)
			}
		}
	}
	return packages, errors.Join(errs...)
}

type packageJSON struct {
	Name    string                  `json:"name"`
	Version string                  `json:"version"`
	Pulumi  plugin.PulumiPluginJSON `json:"pulumi"`
}

// main.go 659-732 (getPackageInfo, getPluginName, getPluginVersion).
func packageDependency(info packageJSON) (*pulumirpc.PackageDependency, error) {
	if !info.Pulumi.Resource {
		return nil, nil
	}
	name := info.Pulumi.Name
	if name == "" {
		if !strings.HasPrefix(info.Name, "@pulumi/") {
			return nil, fmt.Errorf("Missing property \"name\" for the third-party plugin '%v' inside package.json under the \"pulumi\" section.", info.Name)
		}
		name = strings.TrimPrefix(info.Name, "@pulumi/")
	}
	version := info.Pulumi.Version
	if version == "" {
		version = info.Version
	}
	if version == "" {
		return nil, errors.New("Missing expected \"version\" property")
	}
	if !strings.HasPrefix(version, "v") {
		version = "v" + version
	}
	dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: version, Server: info.Pulumi.Server}
	if p := info.Pulumi.Parameterization; p != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return dep, nil
}

// main.go 760-873 and execRuntime 877-1062: cmd/run resolved from the program directory, run in
// node with the project's nodeargs, the config and secret keys in the environment.
func (host *nodeLanguageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if host.engineAddress == "" {
		return nil, errors.New("when debugging or running explicitly, must call Handshake before Run")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not find node on the $PATH: %s", err)}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = defaultRunPath
	}
	runPath, err = locateModule(ctx, runPath, req.Info.ProgramDirectory, node)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return host.execRuntime(ctx, req, node, runPath), nil
}

// main.go 202-252: node resolves the module as the program would.
func locateModule(ctx context.Context, mod, programDir, node string) (string, error) {
	script := fmt.Sprintf(`try { console.log(require.resolve('%s')); } catch (error) { if (error.code === 'MODULE_NOT_FOUND') { console.error("It looks like the Pulumi SDK has not been installed. Have you run pulumi install?") } else { console.error(error.message); } process.exit(1); }`, mod)
	cmd := exec.CommandContext(ctx, node, "-e", script)
	cmd.Dir = programDir
	out, err := cmd.Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return "", errors.New(string(exitErr.Stderr))
		}
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

type nodeOptions struct {
	typescript   bool
	tsconfigpath string
	nodeargs     string
}

// main.go 289-366, the options a nodejs runtime reads (packagemanager only matters to installs).
func parseOptions(options map[string]any) (nodeOptions, error) {
	opts := nodeOptions{typescript: true}
	if v, ok := options["typescript"]; ok {
		b, ok := v.(bool)
		if !ok {
			return opts, errors.New("typescript option must be a boolean")
		}
		opts.typescript = b
	}
	if v, ok := options["tsconfig"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("tsconfigpath option must be a string")
		}
		opts.tsconfigpath = s
	}
	if v, ok := options["nodeargs"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("nodeargs option must be a string")
		}
		opts.nodeargs = s
	}
	return opts, nil
}

func (host *nodeLanguageHost) execRuntime(ctx context.Context, req *pulumirpc.RunRequest, node, runPath string) *pulumirpc.RunResponse {
	configJSON, err := constructConfig(req)
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("failed to serialize configuration: %s", err)}
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("failed to serialize configuration secret keys: %s", err)}
	}
	env := append(os.Environ(), pulumiConfigVar+"="+configJSON, pulumiConfigSecretKeysVar+"="+string(secretKeysJSON))
	opts, err := parseOptions(req.Info.Options.AsMap())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	if opts.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if opts.tsconfigpath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfigpath)
	}
	runtimeArgs, err := shlex.Split(opts.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}
	}
	runtimeArgs = append(runtimeArgs, host.constructArguments(req, runPath)...)

	cmdCtx, cmdCancel := context.WithCancel(host.cancelCtx)
	defer cmdCancel()
	context.AfterFunc(ctx, cmdCancel)
	cmd := exec.CommandContext(cmdCtx, node, runtimeArgs...)
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = 5 * time.Second
	// main.go 980-983: node may change the blocking mode of a file it is handed, so it gets a pipe.
	cmd.Stdout = struct{ io.Writer }{os.Stdout}
	cmd.Stderr = struct{ io.Writer }{os.Stderr}
	cmd.Env = env
	if err := cmd.Run(); err != nil {
		_ = os.Stdout.Sync()
		_ = os.Stderr.Sync()
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %s", err)}
		}
		switch code := exitErr.ExitCode(); code {
		case 0:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited unexpectedly: %s", exitErr)}
		case exitedAfterUserActionableMessage:
			return &pulumirpc.RunResponse{Bail: true}
		default:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}
		}
	}
	return &pulumirpc.RunResponse{}
}

// main.go 1067-1097.
func (host *nodeLanguageHost) constructArguments(req *pulumirpc.RunRequest, runPath string) []string {
	args := []string{runPath}
	maybeAppendArg := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	maybeAppendArg("monitor", req.GetMonitorAddress())
	maybeAppendArg("engine", host.engineAddress)
	maybeAppendArg("organization", req.GetOrganization())
	maybeAppendArg("project", req.GetProject())
	maybeAppendArg("root-directory", req.GetInfo().RootDirectory)
	maybeAppendArg("stack", req.GetStack())
	maybeAppendArg("pwd", req.Info.ProgramDirectory)
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	maybeAppendArg("parallel", strconv.Itoa(int(req.GetParallel())))
	maybeAppendArg("tracing", host.tracing)
	args = append(args, req.Info.EntryPoint)
	return append(args, req.GetArgs()...)
}

// main.go 1101-1126: keys in the old `<namespace>:config:<name>` form, which the SDK still reads.
func constructConfig(req *pulumirpc.RunRequest) (string, error) {
	configMap := req.GetConfig()
	if configMap == nil {
		return "{}", nil
	}
	transformed := make(map[string]string, len(configMap))
	for k, v := range configMap {
		pk, err := config.ParseKey(k)
		if err != nil {
			return "", err
		}
		transformed[pk.Namespace()+":config:"+pk.Name()] = v
	}
	b, err := json.Marshal(transformed)
	return string(b), err
}
