// The kubelet configuration a node's kubelet ends up with, computed by the kubelet's own packages
// (k8s.io/kubernetes v1.36.3) from its command line and the drop-in files of its --config-dir — the
// way RKE2 runs it: RKE2 passes --config-dir and no --config (k3s pkg/daemons/agent,
// `kubeletArgsAndConfig` / `extractConfigArgs`). Prints the reservation and hard eviction
// thresholds the kubelet would subtract from the node's capacity, as JSON.
//
// cmd/kubelet/app's steps are unexported, so they are repeated here, call for call, from
// cmd/kubelet/app/server.go @v1.36.3: `NewKubeletCommand` RunE (first flag parse, feature gates,
// `ValidateKubeletFlags`, drop-in merge, flag precedence, `ValidateKubeletConfiguration`),
// `mergeKubeletConfigurations` (each *.conf in lexical order, as an RFC 7386 JSON merge patch over
// the v1beta1 form of the configuration so far, then v1beta1 defaulting) and
// `kubeletConfigFlagPrecedence` (the command line parsed again over the merged configuration).
//
// One step is added: each drop-in is also decoded strictly as a v1beta1 KubeletConfiguration. The
// kubelet reads drop-ins into unstructured JSON (pkg/kubelet/kubeletconfig/util/codec
// `DecodeKubeletConfigurationIntoJSON`), so a misspelt field would vanish without an error.
// One is adapted: validation refuses `failCgroupV1` on a cgroup v1 host
// (pkg/kubelet/apis/config/validation/validation_linux.go `validateKubeletOSConfiguration` reads
// the running machine's cgroup mode). That is a fact of the machine, and this one is not the node:
// socle's nodes run Debian 12, whose systemd mounts the unified cgroup v2 hierarchy. On a v1 host
// the check validates a copy with the refusal off.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	libcontainercgroups "github.com/opencontainers/cgroups"
	"github.com/spf13/pflag"
	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	cliflag "k8s.io/component-base/cli/flag"
	kubeletconfigv1beta1 "k8s.io/kubelet/config/v1beta1"
	"k8s.io/kubernetes/cmd/kubelet/app/options"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	kubeletscheme "k8s.io/kubernetes/pkg/kubelet/apis/config/scheme"
	kubeletconfigv1beta1conversion "k8s.io/kubernetes/pkg/kubelet/apis/config/v1beta1"
	kubeletconfigvalidation "k8s.io/kubernetes/pkg/kubelet/apis/config/validation"
	"k8s.io/kubernetes/pkg/kubelet/kubeletconfig/configfiles"
	utilfs "k8s.io/kubernetes/pkg/util/filesystem"
)

// effective is what the program prints: the maps as the kubelet holds them, and the quantities it
// subtracts from capacity (kubelet `parseResourceList` and the eviction thresholds both read them
// with resource.ParseQuantity).
type effective struct {
	DropIns        []string          `json:"dropIns"`
	KubeReserved   map[string]string `json:"kubeReserved"`
	SystemReserved map[string]string `json:"systemReserved"`
	EvictionHard   map[string]string `json:"evictionHard"`
	// kube-reserved plus system-reserved.
	ReservedCPUMillicores int64 `json:"reservedCpuMillicores"`
	ReservedMemoryBytes   int64 `json:"reservedMemoryBytes"`
	// The memory.available hard threshold; 0 when there is none.
	HardEvictionMemoryBytes int64 `json:"hardEvictionMemoryBytes"`
}

func main() {
	out, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) (*effective, error) {
	kubeletFlags := options.NewKubeletFlags()
	kc, err := options.NewKubeletConfiguration()
	if err != nil {
		return nil, err
	}
	flags := pflag.NewFlagSet("kubelet", pflag.ContinueOnError)
	flags.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
	kubeletFlags.AddFlags(flags)
	options.AddKubeletConfigFlags(flags, kc)
	options.AddGlobalFlags(flags)
	if err := flags.Parse(args); err != nil {
		return nil, fmt.Errorf("failed to parse kubelet flag: %w", err)
	}
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(kc.FeatureGates); err != nil {
		return nil, err
	}
	if err := options.ValidateKubeletFlags(kubeletFlags); err != nil {
		return nil, fmt.Errorf("failed to validate kubelet flags: %w", err)
	}
	if kubeletFlags.KubeletConfigFile != "" {
		return nil, errors.New("--config given: RKE2 passes --config-dir only (k3s copies a --config into it)")
	}
	dir := kubeletFlags.KubeletDropinConfigDirectory
	if dir == "" {
		return nil, errors.New("no --config-dir: nothing to merge")
	}
	dropIns, err := mergeDropIns(kc, dir)
	if err != nil {
		return nil, fmt.Errorf("failed to merge kubelet configs: %w", err)
	}
	if err := flagPrecedence(kc, args); err != nil {
		return nil, fmt.Errorf("failed to precedence kubeletConfigFlag: %w", err)
	}
	if err := utilfeature.DefaultMutableFeatureGate.SetFromMap(kc.FeatureGates); err != nil {
		return nil, err
	}
	asOnNode := kc.DeepCopy()
	if !libcontainercgroups.IsCgroup2UnifiedMode() {
		asOnNode.FailCgroupV1 = false
	}
	if err := kubeletconfigvalidation.ValidateKubeletConfiguration(asOnNode, utilfeature.DefaultFeatureGate); err != nil {
		return nil, fmt.Errorf("failed to validate kubelet configuration: %w", err)
	}
	return summarise(kc, dropIns)
}

// mergeDropIns is server.go `mergeKubeletConfigurations`, with each file also strictly decoded.
func mergeDropIns(kc *kubeletconfig.KubeletConfiguration, dir string) ([]string, error) {
	versioned := &kubeletconfigv1beta1.KubeletConfiguration{}
	if err := kubeletconfigv1beta1conversion.Convert_config_KubeletConfiguration_To_v1beta1_KubeletConfiguration(kc, versioned, nil); err != nil {
		return nil, err
	}
	merged, err := json.Marshal(versioned)
	if err != nil {
		return nil, err
	}
	_, strictCodecs, err := kubeletscheme.NewSchemeAndCodecs(serializer.EnableStrict)
	if err != nil {
		return nil, err
	}
	var read []string
	err = filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() || filepath.Ext(entry.Name()) != ".conf" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, _, err := strictCodecs.UniversalDecoder().Decode(data, nil, nil); err != nil {
			return fmt.Errorf("%s: not a strict v1beta1 KubeletConfiguration: %w", path, err)
		}
		loader, err := configfiles.NewFsLoader(&utilfs.DefaultFs{}, path)
		if err != nil {
			return err
		}
		patch, gvk, err := loader.LoadIntoJSON()
		if err != nil {
			return fmt.Errorf("failed to load kubelet dropin file, path: %s, error: %w", path, err)
		}
		if gvk == nil || *gvk != kubeletconfigv1beta1.SchemeGroupVersion.WithKind("KubeletConfiguration") {
			return fmt.Errorf("failed to load kubelet dropin file, path: %s, unknown apiVersion/kind: %v", path, gvk)
		}
		if merged, err = jsonpatch.MergePatch(merged, patch); err != nil {
			return fmt.Errorf("failed to merge drop-in and current config: %w", err)
		}
		read = append(read, filepath.Base(path))
		return nil
	})
	if err != nil {
		return nil, err
	}
	versioned = &kubeletconfigv1beta1.KubeletConfiguration{}
	if err := json.Unmarshal(merged, versioned); err != nil {
		return nil, err
	}
	kubeletconfigv1beta1conversion.SetDefaults_KubeletConfiguration(versioned)
	return read, kubeletconfigv1beta1conversion.Convert_v1beta1_KubeletConfiguration_To_config_KubeletConfiguration(versioned, kc, nil)
}

// flagPrecedence is server.go `kubeletConfigFlagPrecedence`: the command line again, over the
// merged configuration, with the global flags as no-ops and throwaway KubeletFlags.
func flagPrecedence(kc *kubeletconfig.KubeletConfiguration, args []string) error {
	globals := pflag.NewFlagSet("", pflag.ContinueOnError)
	globals.SetNormalizeFunc(cliflag.WordSepNormalizeFunc)
	options.AddGlobalFlags(globals)
	flags := pflag.NewFlagSet("", pflag.ContinueOnError)
	flags.SetNormalizeFunc(globals.GetNormalizeFunc())
	globals.VisitAll(func(f *pflag.Flag) { flags.VarP(cliflag.NoOp{}, f.Name, f.Shorthand, f.Usage) })
	options.NewKubeletFlags().AddFlags(flags)
	options.AddKubeletConfigFlags(flags, kc)
	original := kc.FeatureGates
	flags.SetOutput(io.Discard)
	if err := flags.Parse(args); err != nil {
		return err
	}
	for k, v := range original {
		if _, ok := kc.FeatureGates[k]; !ok {
			kc.FeatureGates[k] = v
		}
	}
	return nil
}

func summarise(kc *kubeletconfig.KubeletConfiguration, dropIns []string) (*effective, error) {
	out := &effective{DropIns: dropIns, KubeReserved: kc.KubeReserved, SystemReserved: kc.SystemReserved, EvictionHard: kc.EvictionHard}
	for _, reserved := range []map[string]string{kc.KubeReserved, kc.SystemReserved} {
		for name, value := range reserved {
			q, err := resource.ParseQuantity(value)
			if err != nil {
				return nil, fmt.Errorf("reserved %s=%s: %w", name, value, err)
			}
			switch name {
			case "cpu":
				out.ReservedCPUMillicores += q.MilliValue()
			case "memory":
				out.ReservedMemoryBytes += q.Value()
			}
		}
	}
	if threshold, ok := kc.EvictionHard["memory.available"]; ok {
		q, err := resource.ParseQuantity(threshold)
		if err != nil {
			return nil, fmt.Errorf("evictionHard memory.available=%s: %w", threshold, err)
		}
		out.HardEvictionMemoryBytes = q.Value()
	}
	return out, nil
}
