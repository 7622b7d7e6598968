/**
 * Protection switched off, as one class across platforms: the firewall (ufw, netsh advfirewall,
 * Set-NetFirewallProfile, pfctl, macOS's application firewall, firewalld's trusted zone),
 * antivirus and endpoint protection (Set-MpPreference, Defender policy in the registry,
 * mdatp), mandatory access control and OS integrity (SELinux, AppArmor, Gatekeeper, SIP),
 * auditing (auditctl, auditpol, wevtutil sl /e:false), the services that provide them, and
 * certificate or host-key verification switched off for every later connection (git, npm,
 * yarn, pnpm, bundler, conda, composer, gcloud, pip, go env, kubeconfig, environment variables,
 * ssh_config), and Windows protections switched off in the registry.
 *
 * Severity: high when the machine (or every connection a user makes) loses the protection;
 * medium when it is scoped — one profile, one repository, one host, one shell session. Each
 * message says what protection goes and how to turn it back on. Flushing firewall rules is the
 * system pack's (`system.firewall-flush`); clearing event logs is the windows pack's.
 */
import type { Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { remoteReach } from '../context';
import { pathTarget } from '../paths';
import { hasFlag, positionals, type CommandRuleFinding, type Rule, type RuleContext, type RulePack } from '../rule';
import { spanTo } from '../words';
import { bare } from './windows';
import { own } from '../../own';

const PWSH = { shell: 'pwsh' } as const;

/** A value that switches something off: `false`, `0`, `no`, `off`, `$false`, `disabled`. */
const OFF = /^(\$?false|0|no|off|disabled?)$/i;
/** A value that switches something on: `true`, `1`, `yes`, `on`, `$true`. */
const ON = /^(\$?true|1|yes|on)$/i;

function finding(cmd: SimpleCommand, rc: RuleContext, severity: Severity, message: string, suggestion: string, last?: Word, target?: string): CommandRuleFinding {
  const f: CommandRuleFinding = { severity, message, suggestion, span: spanTo(cmd, last ?? cmd.args[cmd.args.length - 1] ?? cmd.name ?? { span: cmd.span }) };
  if (target) f.target = target;
  return remoteReach(cmd, rc, f) ?? f;
}

/** Lowercased argument texts without a leading `/` or `-` (Windows tools take both). */
function bareWords(cmd: SimpleCommand): string[] {
  return cmd.args.map(bare);
}

/**
 * PowerShell `-Name value` / `-Name:value` pairs of a cmdlet, by lowercased parameter name; a
 * list value (`a,b`) arrives as several words, all kept.
 */
function pwshParams(cmd: SimpleCommand): Map<string, Word[]> {
  const out = new Map<string, Word[]>();
  let current: string | undefined;
  for (const w of cmd.args) {
    const t = w.text;
    if (/^-[A-Za-z]/.test(t)) {
      const colon = t.indexOf(':');
      current = (colon > 0 ? t.slice(1, colon) : t.slice(1)).toLowerCase();
      out.set(current, colon > 0 ? [{ ...w, text: t.slice(colon + 1) }] : []);
      if (colon > 0) current = undefined;
      continue;
    }
    if (current) out.get(current)!.push(w);
  }
  return out;
}

/** A parameter as the line wrote it (`-DisableRealtimeMonitoring`), from its lowercased name. */
function written(cmd: SimpleCommand, name: string): string {
  return cmd.args.find((w) => w.text.toLowerCase().replace(/:.*/, '') === `-${name}`)?.text.replace(/:.*/, '') ?? `-${name}`;
}

/** The first value of a PowerShell parameter, matched by full name or a unique prefix of at least `min` letters. */
function param(params: Map<string, Word[]>, name: string, min = name.length): Word | undefined {
  for (const [k, v] of params) if (k.length >= min && name.startsWith(k)) return v[0];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Firewalls

const firewallOff: Rule = {
  id: 'protection.firewall-off',
  description: 'The host firewall switched off or opened to everything: ufw disable, netsh advfirewall set … state off / allowinbound, Set-NetFirewallProfile -Enabled False, pfctl -d, socketfilterfw --setglobalstate off, firewall-cmd --set-default-zone=trusted or --panic-on.',
  severity: 'high',
  programs: ['ufw', 'netsh', 'set-netfirewallprofile', 'pfctl', 'socketfilterfw', 'firewall-cmd', 'defaults'],
  check(cmd, rc) {
    const words = bareWords(cmd);
    switch (cmd.program) {
      case 'ufw':
        if (positionals(cmd)[0]?.text !== 'disable') return undefined;
        return finding(cmd, rc, 'high', 'Turns the ufw firewall off: every listening port is reachable from the network, and it stays off after a reboot.', 'Open the one port you need instead (ufw allow PORT); turn it back on with ufw enable.', undefined, 'firewall ufw');
      case 'netsh': {
        // netsh firewall set opmode disable | mode=disable (the pre-Vista context, still accepted)
        const fw = words.indexOf('firewall');
        if (words[0] === 'firewall' && words[1] === 'set' && words[2] === 'opmode' && words.slice(3).some((w) => /^(mode=)?disable$/.test(w))) {
          return finding(cmd, rc, 'high', 'Turns Windows Firewall off (netsh firewall set opmode disable): the machine accepts every inbound connection.', 'Add an allow rule for the program or port instead; turn it back on with netsh advfirewall set allprofiles state on.', undefined, 'firewall Windows Firewall');
        }
        if (fw >= 0 && words[0] !== 'advfirewall') return undefined;
        if (words[0] !== 'advfirewall' || words[1] !== 'set') return undefined;
        const profile = words[2] ?? '';
        if (!/^(allprofiles|(current|domain|private|public)profile)$/.test(profile)) return undefined;
        const which = profile === 'allprofiles' ? 'every profile (domain, private, public)' : `the ${profile.replace('profile', '')} profile`;
        if (words[3] === 'state' && words[4] === 'off') {
          return finding(cmd, rc, 'high', `Turns Windows Firewall off for ${which}: the machine accepts every inbound connection on those networks.`, 'Add an allow rule for the program or port instead; turn it back on with netsh advfirewall set allprofiles state on.', undefined, 'firewall Windows Firewall');
        }
        if (words[3] === 'firewallpolicy' && /(^|,)allowinbound(,|$)/.test(words.slice(4).join(','))) {
          return finding(cmd, rc, 'high', `Sets Windows Firewall to allow every inbound connection for ${which} (allowinbound).`, 'Restore it with netsh advfirewall set allprofiles firewallpolicy blockinbound,allowoutbound.', undefined, 'firewall Windows Firewall');
        }
        return undefined;
      }
      case 'set-netfirewallprofile': {
        const p = pwshParams(cmd);
        const enabled = param(p, 'enabled', 2);
        const inbound = param(p, 'defaultinboundaction', 8);
        const off = enabled && OFF.test(enabled.text);
        const allow = inbound && /^allow$/i.test(inbound.text);
        if (!off && !allow) return undefined;
        const names = [...(p.get('profile') ?? []), ...(p.get('name') ?? [])].map((w) => w.text);
        const which = p.has('all') || names.length === 0 ? 'every profile' : `the ${names.join(', ')} profile${names.length > 1 ? 's' : ''}`;
        return finding(cmd, rc, 'high', off ? `Turns Windows Firewall off for ${which}: the machine accepts every inbound connection on those networks.` : `Sets Windows Firewall to allow every inbound connection for ${which} (-DefaultInboundAction Allow).`, off ? 'Add a rule for the program or port instead (New-NetFirewallRule); turn it back on with Set-NetFirewallProfile -All -Enabled True.' : 'Restore it with Set-NetFirewallProfile -All -DefaultInboundAction Block.', undefined, 'firewall Windows Firewall');
      }
      case 'pfctl': {
        if (cmd.args.some((w) => w.text === '-d')) return finding(cmd, rc, 'high', 'Turns the pf packet filter off (pfctl -d): every rule stops applying until pfctl -e.', 'Load a corrected rule set instead (pfctl -f /etc/pf.conf); turn it back on with pfctl -e.', undefined, 'firewall pf');
        const f = cmd.args.findIndex((w) => w.text === '-F');
        const what = f >= 0 ? cmd.args[f + 1]?.text : cmd.args.find((w) => /^-F[a-zA-Z]+$/.test(w.text))?.text.slice(2);
        if (what && /^(all|rules|a|r)$/i.test(what)) return finding(cmd, rc, 'high', `Flushes the pf ${/^a/.test(what) ? 'rules, states and tables' : 'filter rules'} (pfctl -F ${what}): the machine is unfiltered until the rule set is loaded again.`, 'Reload the rule set instead (pfctl -f /etc/pf.conf).', undefined, 'firewall pf');
        return undefined;
      }
      case 'socketfilterfw': {
        const i = cmd.args.findIndex((w) => w.text === '--setglobalstate');
        if (i < 0 || !OFF.test(cmd.args[i + 1]?.text ?? '')) return undefined;
        return finding(cmd, rc, 'high', 'Turns the macOS application firewall off: every app accepts incoming connections.', 'Allow the one app instead (socketfilterfw --add APP); turn it back on with --setglobalstate on.', undefined, 'firewall macOS application firewall');
      }
      case 'defaults': {
        // defaults write /Library/Preferences/com.apple.alf globalstate -int 0
        const t = cmd.args.map((w) => w.text);
        if (t[0] !== 'write' || !/com\.apple\.alf$/.test(t[1] ?? '') || t[2] !== 'globalstate' || t[t.length - 1] !== '0') return undefined;
        return finding(cmd, rc, 'high', 'Turns the macOS application firewall off (com.apple.alf globalstate 0): every app accepts incoming connections.', 'Turn it back on with globalstate -int 1 (or socketfilterfw --setglobalstate on).', undefined, 'firewall macOS application firewall');
      }
      case 'firewall-cmd': {
        if (hasFlag(cmd, '--panic-on')) return finding(cmd, rc, 'high', 'Turns firewalld panic mode on: every packet in and out is dropped, open sessions (your SSH too) are cut.', 'Turn it off with firewall-cmd --panic-off from a console.', undefined, 'firewall firewalld');
        const zone = cmd.args.find((w) => w.text.startsWith('--set-default-zone'));
        const value = zone?.text.includes('=') ? zone.text.slice(zone.text.indexOf('=') + 1) : zone && cmd.args[cmd.args.indexOf(zone) + 1]?.text;
        if (value === 'trusted') return finding(cmd, rc, 'high', 'Makes trusted the default firewalld zone: every interface not named elsewhere accepts all traffic.', 'Open the one service you need instead (firewall-cmd --add-service=NAME); set the zone back with --set-default-zone=public.', undefined, 'firewall firewalld');
        return undefined;
      }
      default:
        return undefined;
    }
  },
  examples: {
    match: [
      { cmd: 'sudo ufw disable', exactly: 'high', target: 'firewall ufw' },
      { cmd: 'cmd /c NetSh AdvFirewall Set AllProfiles State Off', ctx: PWSH, exactly: 'high' },
      { cmd: 'netsh advfirewall set publicprofile state off', ctx: PWSH, exactly: 'high' },
      { cmd: 'netsh advfirewall set currentprofile firewallpolicy allowinbound,allowoutbound', ctx: PWSH, exactly: 'high' },
      { cmd: 'cmd /c netsh firewall set opmode mode=DISABLE', ctx: PWSH, exactly: 'high' },
      { cmd: 'Set-NetFirewallProfile -Profile Domain,Private -Enabled False', ctx: PWSH, exactly: 'high' },
      { cmd: 'Set-NetFirewallProfile -All -Enabled:$false', ctx: PWSH, exactly: 'high' },
      { cmd: 'Set-NetFirewallProfile -Name Public -DefaultInboundAction Allow', ctx: PWSH, exactly: 'high' },
      { cmd: 'sudo pfctl -d', exactly: 'high' },
      { cmd: 'sudo pfctl -F all', exactly: 'high' },
      { cmd: 'sudo /usr/libexec/ApplicationFirewall/socketfilterfw --setglobalstate off', exactly: 'high' },
      { cmd: 'sudo firewall-cmd --set-default-zone=trusted', exactly: 'high' },
      { cmd: 'firewall-cmd --panic-on', exactly: 'high' },
      { cmd: 'sudo defaults write /Library/Preferences/com.apple.alf globalstate -int 0', exactly: 'high' },
      { cmd: "ssh prod-web-1 'sudo ufw disable'", exactly: 'critical' },
    ],
    nearMiss: [
      'sudo ufw enable',
      'ufw status verbose',
      'sudo ufw allow 443/tcp',
      { cmd: 'netsh advfirewall show currentprofile', ctx: PWSH },
      { cmd: 'netsh advfirewall set allprofiles state on', ctx: PWSH },
      { cmd: 'netsh advfirewall set allprofiles firewallpolicy blockinbound,allowoutbound', ctx: PWSH },
      { cmd: 'netsh interface ipv6 show addresses', ctx: PWSH },
      { cmd: 'Set-NetFirewallProfile -Profile Domain,Private -Enabled True', ctx: PWSH },
      { cmd: 'Get-NetFirewallProfile | Select-Object Name, Enabled', ctx: PWSH },
      { cmd: 'Set-NetFirewallProfile -All -Enabled False -WhatIf', ctx: PWSH },
      'sudo pfctl -e',
      'sudo pfctl -s rules',
      'sudo pfctl -f /etc/pf.conf',
      '/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate',
      'firewall-cmd --get-default-zone',
      'sudo firewall-cmd --set-default-zone=public',
      'sudo firewall-cmd --panic-off',
      'defaults read /Library/Preferences/com.apple.alf globalstate',
      'defaults write com.apple.dock autohide -bool true',
      'echo "ufw disable"',
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Antivirus and endpoint protection

/** Set-MpPreference switches whose `$true` stops Defender from seeing or blocking threats as they happen. */
const DEFENDER_CORE = /^disable(realtimemonitoring|behaviormonitoring|ioavprotection|scriptscanning|intrusionpreventionsystem|blockatfirstseen|onaccessprotection)$/;
/** Other Set-MpPreference switches that narrow what is scanned or inspected. */
const DEFENDER_NARROW = /^disable(archivescanning|emailscanning|removabledrivescanning|scanningnetworkfiles|scanningmappednetworkdrivesforfullscan|(dns|dnsovertcp|http|ssh|tls|rdp|smtp|ftp)parsing|inboundconnectionfiltering|datagramprocessing)$/;
/** Exclusions that leave whole drives, profiles, temp folders or every program unscanned. */
const BROAD_EXCLUSION = /^([A-Za-z]:\\?|\\|\*|\*\.\*|%[A-Za-z]+%.*|\$env:[A-Za-z]+.*|C:\\Users(\\[^\\]*)?\\?|C:\\Windows.*|\.?(exe|dll|ps1|bat|cmd|vbs|js|scr)|[^\\]*\\(Temp|AppData)\\?.*)$/i;

const antivirusOff: Rule = {
  id: 'protection.antivirus-off',
  description: 'Microsoft Defender switched off or blinded: Set-MpPreference -Disable…Monitoring $true, threat actions set to allow, broad exclusions (Add-MpPreference -ExclusionPath C:\\), cloud protection off, the Windows-Defender feature removed, mdatp real-time protection disabled.',
  severity: 'high',
  programs: ['set-mppreference', 'add-mppreference', 'mdatp', 'uninstall-windowsfeature', 'remove-windowsfeature', 'disable-windowsoptionalfeature'],
  check(cmd, rc) {
    if (cmd.program !== 'mdatp' && !cmd.program.endsWith('mppreference')) {
      const feature = cmd.args.find((w) => /^windows-defender/i.test(w.text));
      if (!feature) return undefined;
      return finding(cmd, rc, 'high', `Removes the ${feature.text} feature: Microsoft Defender Antivirus no longer runs on this machine.`, 'Turn the one setting you need off instead; add it back with Install-WindowsFeature / Enable-WindowsOptionalFeature.', feature, 'antivirus Microsoft Defender');
    }
    if (cmd.program === 'mdatp') {
      const pos = positionals(cmd).map((x) => x.text);
      const i = cmd.args.findIndex((x) => x.text === '--value');
      if (pos[0] !== 'config' || !/^(real-time-protection|behavior-monitoring|network-protection)$/.test(pos[1] ?? '') || !/^disabled$/i.test(cmd.args[i + 1]?.text ?? '')) return undefined;
      return finding(cmd, rc, 'high', `Turns Microsoft Defender for Endpoint ${pos[1]} off on this machine.`, `Turn it back on with mdatp config ${pos[1]} --value enabled.`, undefined, 'antivirus Microsoft Defender for Endpoint');
    }
    const p = pwshParams(cmd);
    const core: string[] = [];
    const narrow: string[] = [];
    for (const [k, v] of p) {
      const shown = `${written(cmd, k)} ${v[0]?.text ?? ''}`.trim();
      if (k.startsWith('disable') && ON.test(v[0]?.text ?? 'true')) (DEFENDER_CORE.test(k) ? core : DEFENDER_NARROW.test(k) ? narrow : []).push(shown);
      else if (/threatdefaultaction$/.test(k) && /^(noaction|allow|6|9)$/i.test(v[0]?.text ?? '')) core.push(shown);
      else if (/^(enablecontrolledfolderaccess|enablenetworkprotection|puaprotection|mapsreporting)$/.test(k) && OFF.test(v[0]?.text ?? '')) narrow.push(shown);
      else if (k === 'submitsamplesconsent' && /^(2|neversend)$/i.test(v[0]?.text ?? '')) narrow.push(shown);
    }
    const exclusions = [...p].filter(([k]) => /^exclusion(path|process|extension|ipaddress)$/.test(k)).flatMap(([, v]) => v);
    const broad = exclusions.filter((w) => w.dynamic || BROAD_EXCLUSION.test(w.text));
    if (core.length || broad.length) {
      const what = core.length ? `protection is switched off (${core.join(', ')})` : `excludes ${broad.map((w) => w.text).join(', ')} from scanning`;
      return finding(cmd, rc, 'high', `Microsoft Defender ${what}: malware ${core.length ? 'is' : 'there is'} no longer caught as it arrives or runs.`, core.length ? 'Turn it back on with the same parameter set to $false (Set-MpPreference -DisableRealtimeMonitoring $false), or exclude one folder instead.' : 'Exclude the one build or cache folder that needs it; remove it again with Remove-MpPreference -ExclusionPath PATH.', undefined, 'antivirus Microsoft Defender');
    }
    if (narrow.length || exclusions.length) {
      const what = narrow.length ? `narrows what it inspects (${narrow.join(', ')})` : `excludes ${exclusions.map((w) => w.text).join(', ')} from scanning`;
      return finding(cmd, rc, 'medium', `Microsoft Defender ${what}.`, narrow.length ? 'Set it back with the same parameter ($false for Disable…, Enabled for Enable…).' : 'Remove it again with Remove-MpPreference.', undefined, 'antivirus Microsoft Defender');
    }
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'Set-MpPreference -DisableRealtimeMonitoring $true', ctx: PWSH, exactly: 'high', target: 'antivirus Microsoft Defender' },
      { cmd: 'Set-MpPreference -DisableBehaviorMonitoring 1 -DisableIOAVProtection 1', ctx: PWSH, exactly: 'high' },
      { cmd: 'Set-MpPreference -DisableScriptScanning:$true', ctx: PWSH, exactly: 'high' },
      { cmd: 'Set-MpPreference -SevereThreatDefaultAction NoAction', ctx: PWSH, exactly: 'high' },
      { cmd: 'Add-MpPreference -ExclusionPath C:\\', ctx: PWSH, exactly: 'high' },
      { cmd: 'Add-MpPreference -ExclusionExtension exe', ctx: PWSH, exactly: 'high' },
      { cmd: 'Add-MpPreference -ExclusionPath $env:TEMP', ctx: PWSH, exactly: 'high' },
      { cmd: 'Add-MpPreference -ExclusionPath D:\\src\\app\\node_modules', ctx: PWSH, exactly: 'medium' },
      { cmd: 'Set-MpPreference -DisableArchiveScanning $true', ctx: PWSH, exactly: 'medium' },
      { cmd: 'Set-MpPreference -EnableControlledFolderAccess Disabled', ctx: PWSH, exactly: 'medium' },
      { cmd: 'Set-MpPreference -MAPSReporting Disabled', ctx: PWSH, exactly: 'medium' },
      { cmd: 'Uninstall-WindowsFeature -Name Windows-Defender', ctx: PWSH, exactly: 'high' },
      { cmd: 'sudo mdatp config real-time-protection --value disabled', exactly: 'high' },
    ],
    nearMiss: [
      { cmd: 'Set-MpPreference -DisableRealtimeMonitoring $false', ctx: PWSH },
      { cmd: 'Get-MpComputerStatus', ctx: PWSH },
      { cmd: 'Get-MpPreference', ctx: PWSH },
      { cmd: 'Update-MpSignature', ctx: PWSH },
      { cmd: 'Start-MpScan -ScanType QuickScan', ctx: PWSH },
      { cmd: 'Set-MpPreference -SignatureUpdateInterval 4', ctx: PWSH },
      { cmd: 'Remove-MpPreference -ExclusionPath C:\\build', ctx: PWSH },
      { cmd: 'Get-WindowsFeature -Name Windows-Defender*', ctx: PWSH },
      { cmd: 'Uninstall-WindowsFeature -Name Web-Server', ctx: PWSH },
      'mdatp health',
      'sudo mdatp config real-time-protection --value enabled',
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Protection switched off in the registry

interface RegistrySwitch {
  /** The key, matched against its path with `\` separators (any hive spelling). */
  key: RegExp;
  value: RegExp;
  /** Data that switches the protection off. */
  off: RegExp;
  severity: Severity;
  what: string;
}

/** Registry values that switch a Windows protection off (Microsoft's policy and service documentation). */
const REGISTRY_SWITCHES: readonly RegistrySwitch[] = [
  { key: /\\policies\\microsoft\\windows defender(\\|$)/i, value: /^disable/i, off: /^(1|0x0*1)$/, severity: 'high', what: 'Microsoft Defender policy switches that protection off' },
  { key: /\\microsoft\\windows\\currentversion\\policies\\system$/i, value: /^enablelua$/i, off: /^(0|0x0+)$/, severity: 'high', what: 'User Account Control is off after the next restart: every administrator program runs elevated without asking' },
  { key: /\\microsoft\\windows\\currentversion\\policies\\system$/i, value: /^consentpromptbehavioradmin$/i, off: /^(0|0x0+)$/, severity: 'medium', what: 'administrators are elevated without a prompt' },
  { key: /\\(policies\\microsoft\\windowsfirewall|services\\sharedaccess\\parameters\\firewallpolicy)\\(domain|standard|public|private)profile$/i, value: /^enablefirewall$/i, off: /^(0|0x0+)$/, severity: 'high', what: 'Windows Firewall is off for that profile' },
  { key: /\\currentcontrolset\\services\\(windefend|wdnissvc|sense|mpssvc|bfe|eventlog|wscsvc|securityhealthservice|wdboot|wdfilter|sysmon64|sysmon)$/i, value: /^start$/i, off: /^(4|0x0*4)$/, severity: 'high', what: 'that protection service no longer starts' },
  { key: /\\control\\deviceguard\\scenarios\\hypervisorenforcedcodeintegrity$/i, value: /^enabled$/i, off: /^(0|0x0+)$/, severity: 'high', what: 'memory integrity (HVCI) is off after the next restart' },
  { key: /\\control\\lsa$/i, value: /^runasppl$/i, off: /^(0|0x0+)$/, severity: 'medium', what: 'LSA protection is off after the next restart: other processes can read credentials from LSASS' },
  { key: /\\policies\\microsoft\\windows\\system$/i, value: /^enablesmartscreen$/i, off: /^(0|0x0+)$/, severity: 'medium', what: 'SmartScreen no longer checks downloaded programs' },
  { key: /\\policies\\microsoft\\windows\\powershell\\scriptblocklogging$/i, value: /^enablescriptblocklogging$/i, off: /^(0|0x0+)$/, severity: 'medium', what: 'PowerShell script blocks are no longer logged' },
];

function registryPath(text: string): string {
  return text.replace(/^registry::/i, '').replace(/^(hklm|hkey_local_machine|hkcu|hkey_current_user):?/i, (h) => `\\${h.replace(/:$/, '').toLowerCase()}`).replace(/\\+$/, '');
}

const registryOff: Rule = {
  id: 'protection.registry-off',
  description: 'A Windows protection switched off through the registry (reg add, Set-ItemProperty, New-ItemProperty): Defender policy Disable… values, UAC (EnableLUA 0), the firewall policy (EnableFirewall 0), protection services set to Start 4, memory integrity, LSA protection, SmartScreen, script block logging.',
  severity: 'high',
  programs: ['reg', 'set-itemproperty', 'new-itemproperty'],
  check(cmd, rc) {
    let key: string;
    let value: string;
    let data: Word | undefined;
    if (cmd.program === 'reg') {
      const w = bareWords(cmd);
      if (w[0] !== 'add' || !cmd.args[1]) return undefined;
      key = cmd.args[1].text;
      value = cmd.args[w.indexOf('v') + 1]?.text ?? '';
      data = w.includes('d') ? cmd.args[w.indexOf('d') + 1] : undefined;
    } else {
      const p = pwshParams(cmd);
      const pos = cmd.args.filter((x, i) => !x.text.startsWith('-') && (i === 0 || !cmd.args[i - 1]!.text.startsWith('-')));
      key = (param(p, 'path', 1) ?? param(p, 'literalpath', 1) ?? pos[0])?.text ?? '';
      value = (param(p, 'name', 1) ?? pos[1])?.text ?? '';
      data = param(p, 'value', 1) ?? pos[2];
    }
    if (!data) return undefined;
    const path = registryPath(key);
    const hit = REGISTRY_SWITCHES.find((r) => r.key.test(path) && r.value.test(value) && r.off.test(data!.text.replace(/^"|"$/g, '')));
    if (!hit) return undefined;
    return finding(cmd, rc, hit.severity, `Sets ${value} = ${data.text} under ${key}: ${hit.what}.`, `Set it back (or delete the value: reg delete "${key}" /v ${value} /f) to turn the protection back on.`, undefined, `registry ${key}\\${value}`);
  },
  examples: {
    match: [
      { cmd: 'reg add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v DisableAntiSpyware /t REG_DWORD /d 1 /f', ctx: PWSH, exactly: 'high', target: 'registry' },
      { cmd: "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -Name EnableLUA -Value 0", ctx: PWSH, exactly: 'high' },
      { cmd: 'cmd /c reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend /v Start /t REG_DWORD /d 4 /f', ctx: PWSH, exactly: 'high' },
      { cmd: "New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile' -Name EnableFirewall -Value 0 -PropertyType DWord -Force", ctx: PWSH, exactly: 'high' },
      { cmd: 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v RunAsPPL /t REG_DWORD /d 0 /f', ctx: PWSH, exactly: 'medium' },
    ],
    nearMiss: [
      { cmd: 'reg add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v DisableAntiSpyware /t REG_DWORD /d 0 /f', ctx: PWSH },
      { cmd: 'reg query "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender"', ctx: PWSH },
      { cmd: "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -Name EnableLUA -Value 1", ctx: PWSH },
      { cmd: 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend /v Start /t REG_DWORD /d 2 /f', ctx: PWSH },
      { cmd: "Set-ItemProperty -Path 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Advanced' -Name HideFileExt -Value 0", ctx: PWSH },
      { cmd: 'reg add HKCU\\Software\\MyApp /v Theme /d dark /f', ctx: PWSH },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Mandatory access control and OS integrity

/** Kernel arguments that boot without SELinux, AppArmor or any security module. */
const INSECURE_KERNEL_ARG = /(^|[\s"'=])(selinux=0|enforcing=0|apparmor=0|security=none)\b/;

const accessControlOff: Rule = {
  id: 'protection.access-control-off',
  description: 'Mandatory access control or OS integrity switched off: setenforce 0, semanage permissive, aa-teardown, aa-disable/aa-complain, apparmor_parser -R, kernel arguments selinux=0/apparmor=0 (grubby), Gatekeeper (spctl --master-disable), SIP (csrutil disable).',
  severity: 'high',
  programs: ['setenforce', 'semanage', 'aa-teardown', 'aa-disable', 'aa-complain', 'apparmor_parser', 'grubby', 'spctl', 'csrutil'],
  check(cmd, rc) {
    const pos = positionals(cmd);
    const first = pos[0]?.text ?? '';
    switch (cmd.program) {
      case 'setenforce':
        if (!/^(0|permissive)$/i.test(first)) return undefined;
        return finding(cmd, rc, 'high', 'Puts SELinux in permissive mode for the whole machine: its policy is no longer enforced, only logged.', 'Fix the denial instead (audit2why, a boolean or a file context); turn enforcement back on with setenforce 1.', undefined, 'SELinux');
      case 'semanage': {
        if (first !== 'permissive' || !hasFlag(cmd, '-a', '--add')) return undefined;
        const domain = positionals(cmd)[1]?.text ?? 'a domain';
        return finding(cmd, rc, 'medium', `Makes the SELinux domain ${domain} permissive: its processes are no longer confined.`, `Undo with semanage permissive -d ${domain}.`, undefined, `SELinux domain ${domain}`);
      }
      case 'aa-teardown':
        return finding(cmd, rc, 'high', 'Unloads every AppArmor profile: no process on the machine is confined until AppArmor is reloaded.', 'Disable the one profile that is in the way instead; reload with systemctl reload apparmor.', undefined, 'AppArmor');
      case 'aa-disable':
      case 'aa-complain':
      case 'apparmor_parser': {
        if (cmd.program === 'apparmor_parser' && !hasFlag(cmd, '-R', '--remove')) return undefined;
        const profiles = positionals(cmd, ['-d', '--dir']);
        if (!profiles.length) return undefined;
        const all = profiles.some((w) => w.glob || /^\/etc\/apparmor\.d\/?$/.test(w.text));
        const how = cmd.program === 'aa-complain' ? 'Switches to complain mode (logged, not enforced)' : 'Disables';
        return finding(cmd, rc, all ? 'high' : 'medium', `${how} the AppArmor profile${profiles.length > 1 || all ? 's' : ''} ${profiles.map((w) => w.text).join(' ')}: ${all ? 'every program they confine' : 'the program it confines'} runs unconfined.`, 'Turn it back on with aa-enforce PROFILE.', undefined, 'AppArmor');
      }
      case 'grubby': {
        const args = cmd.args.filter((w, i) => w.text.startsWith('--args') || cmd.args[i - 1]?.text === '--args');
        const bad = args.find((w) => INSECURE_KERNEL_ARG.test(w.text));
        if (!bad) return undefined;
        return finding(cmd, rc, 'high', `Adds ${bad.text.replace(/^--args=/, '')} to the kernel command line: from the next boot the machine runs without its security module (SELinux/AppArmor).`, 'Remove it again with grubby --update-kernel=ALL --remove-args=…', bad, 'kernel security module');
      }
      case 'spctl':
        if (!hasFlag(cmd, '--master-disable', '--global-disable')) return undefined;
        return finding(cmd, rc, 'high', 'Turns Gatekeeper off: macOS runs apps from anywhere without checking their signature or notarisation.', 'Allow the one app instead (right-click → Open, or xattr -d com.apple.quarantine APP); turn it back on with spctl --master-enable.', undefined, 'Gatekeeper');
      case 'csrutil':
        if (!pos.some((w) => w.text === 'disable')) return undefined;
        return finding(cmd, rc, 'high', `Turns System Integrity Protection${first === 'authenticated-root' ? ' (sealed system volume)' : ''} off: root can change the system files macOS protects.`, 'Turn it back on with csrutil enable from recoveryOS.', undefined, 'System Integrity Protection');
      default:
        return undefined;
    }
  },
  examples: {
    match: [
      { cmd: 'sudo setenforce 0', exactly: 'high', target: 'SELinux' },
      { cmd: 'setenforce Permissive', exactly: 'high' },
      { cmd: 'semanage permissive -a httpd_t', exactly: 'medium' },
      { cmd: 'sudo aa-teardown', exactly: 'high' },
      { cmd: 'sudo aa-disable /etc/apparmor.d/usr.sbin.nginx', exactly: 'medium' },
      { cmd: 'sudo aa-complain /etc/apparmor.d/*', exactly: 'high' },
      { cmd: 'apparmor_parser -R /etc/apparmor.d/usr.bin.man', exactly: 'medium' },
      { cmd: 'sudo grubby --update-kernel ALL --args selinux=0', exactly: 'high' },
      { cmd: 'sudo spctl --master-disable', exactly: 'high' },
      { cmd: 'csrutil disable', exactly: 'high' },
    ],
    nearMiss: ['sestatus -v', 'setenforce 1', 'sudo setenforce Enforcing', 'semanage permissive -l', 'semanage permissive -d httpd_t', 'aa-status', 'sudo aa-enforce /etc/apparmor.d/usr.sbin.nginx', 'apparmor_parser -r /etc/apparmor.d/usr.sbin.nginx', 'grubby --info ALL', 'spctl --status', 'spctl --assess -v MyApp.app', 'csrutil status', 'echo setenforce 0'],
  },
};

// ---------------------------------------------------------------------------------------------
// Auditing

const auditOff: Rule = {
  id: 'protection.audit-off',
  description: 'Auditing switched off: auditctl -D (every rule) or -e 0, auditpol /clear, /remove /allusers or /set … /success:disable /failure:disable, wevtutil sl LOG /e:false.',
  severity: 'high',
  programs: ['auditctl', 'auditpol', 'wevtutil'],
  check(cmd, rc) {
    const a = cmd.args;
    const words = bareWords(cmd);
    if (cmd.program === 'auditctl') {
      const e = a.findIndex((w) => w.text === '-e');
      if (e >= 0 && a[e + 1]?.text === '0') return finding(cmd, rc, 'high', 'Turns kernel auditing off (auditctl -e 0): nothing on the machine is recorded until it is turned back on.', 'Turn it back on with auditctl -e 1.', a[e + 1], 'audit system');
      if (!a.some((w) => w.text === '-D')) return undefined;
      const key = a.findIndex((w) => w.text === '-k');
      if (key >= 0) return finding(cmd, rc, 'medium', `Deletes the audit rules tagged ${a[key + 1]?.text ?? ''}: what they watched is no longer recorded.`, 'Reload them from /etc/audit/rules.d (augenrules --load).', undefined, 'audit rules');
      return finding(cmd, rc, 'high', 'Deletes every audit rule and watch (auditctl -D): the audit system records nothing it was told to watch.', 'List them first (auditctl -l > rules.bak); reload the saved rules with augenrules --load.', undefined, 'audit rules');
    }
    if (cmd.program === 'auditpol') {
      if (words[0] === 'clear') return finding(cmd, rc, 'high', `Clears the audit policy${words.includes('y') ? ' without asking (/y)' : ''}: every subcategory stops being audited and per-user policies are deleted.`, 'Back it up first (auditpol /backup /file:audit.csv); restore with auditpol /restore /file:audit.csv.', undefined, 'audit policy');
      if (words[0] === 'remove' && words.includes('allusers')) return finding(cmd, rc, 'medium', 'Deletes the per-user audit policy of every user.', 'Back it up first (auditpol /backup /file:audit.csv).', undefined, 'audit policy');
      if (words[0] === 'set' && words.some((w) => /^(success|failure):disable$/.test(w)) && !words.some((w) => /^(success|failure):enable$/.test(w))) {
        const scope = a.find((w) => /^\/(category|subcategory):/i.test(w.text))?.text ?? '';
        const all = /:\s*"?\*"?$/.test(scope);
        return finding(cmd, rc, all ? 'high' : 'medium', `Stops auditing ${all ? 'every category' : scope.replace(/^\/[a-z]+:/i, '') || 'the named events'}: those events are no longer written to the Security log.`, 'Back it up first (auditpol /backup /file:audit.csv); turn it back on with /success:enable /failure:enable.', undefined, 'audit policy');
      }
      return undefined;
    }
    // wevtutil sl LOG /e:false — the log stops recording.
    if ((words[0] !== 'sl' && words[0] !== 'set-log') || !words.some((w) => /^(e|enabled):(false|0)$/.test(w))) return undefined;
    const log = a[1]?.text ?? 'a log';
    return finding(cmd, rc, /^(security|system)$/i.test(log) ? 'high' : 'medium', `Disables the event log ${log}: new events are no longer recorded.`, `Turn it back on with wevtutil sl ${log} /e:true.`, undefined, `event log ${log}`);
  },
  examples: {
    match: [
      { cmd: 'sudo auditctl -D', exactly: 'high', target: 'audit rules' },
      { cmd: 'auditctl -e 0', exactly: 'high' },
      { cmd: 'auditctl -D -k passwd_changes', exactly: 'medium' },
      { cmd: 'cmd /c auditpol /clear /y', ctx: PWSH, exactly: 'high' },
      { cmd: 'auditpol /set /category:* /success:disable /failure:disable', ctx: PWSH, exactly: 'high' },
      { cmd: 'auditpol /set /subcategory:"Logon" /success:disable /failure:disable', ctx: PWSH, exactly: 'medium' },
      { cmd: 'cmd /c wevtutil sl Security /e:false', ctx: PWSH, exactly: 'high' },
    ],
    nearMiss: ['auditctl -l', 'auditctl -s', 'auditctl -e 1', 'auditctl -e 2', 'auditctl -w /etc/passwd -p wa -k passwd_changes', { cmd: 'auditpol /get /category:*', ctx: PWSH }, { cmd: 'auditpol /backup /file:C:\\audit.csv', ctx: PWSH }, { cmd: 'auditpol /set /subcategory:"Logon" /success:enable /failure:enable', ctx: PWSH }, { cmd: 'wevtutil sl Application /ms:104857600', ctx: PWSH }, { cmd: 'wevtutil gl Security', ctx: PWSH }],
  },
};

// ---------------------------------------------------------------------------------------------
// Services that provide protection

/** Linux units that are the machine's protection (the firewall units are system.stop-critical-service's). */
const PROTECTION_UNITS = /^(auditd|apparmor|fail2ban|clamav-daemon|clamd(@.*)?|clamav-freshclam|freshclam|falcon-sensor|mdatp|wazuh-agent|ossec|osqueryd|sysmon|aide(check)?|selinux-autorelabel)$/i;
/** SysV init scripts of those units (`/etc/init.d/auditd stop`). */
const INIT_SCRIPTS = ['auditd', 'apparmor', 'fail2ban', 'clamav-daemon', 'clamav-freshclam', 'falcon-sensor', 'wazuh-agent', 'osqueryd'];
/** Windows services: Defender, its network inspection, Defender for Endpoint, the firewall and its engine, event log, Security Center, Sysmon. */
const PROTECTION_SERVICES = /^(windefend|wdnissvc|sense|mpssvc|bfe|eventlog|wscsvc|securityhealthservice|sysmon64|sysmon)$/i;

const protectionService: Rule = {
  id: 'protection.service-off',
  description: 'A service that protects the machine stopped or disabled: auditd, AppArmor, fail2ban, ClamAV, EDR agents (systemctl, service); Defender, the Windows firewall and its filtering engine, the event log, Security Center, Sysmon (sc stop/config/delete, net stop, Stop-Service, Set-Service -StartupType Disabled).',
  severity: 'high',
  programs: ['systemctl', 'service', 'sc', 'net', 'stop-service', 'set-service', ...INIT_SCRIPTS],
  check(cmd, rc) {
    let unit: Word | undefined;
    let how = '';
    const p = cmd.program;
    const words = bareWords(cmd);
    if (INIT_SCRIPTS.includes(p)) {
      // /etc/init.d/apparmor stop|teardown: the SysV script of the service itself.
      if (!/^\/etc\/(rc\.d\/)?init\.d\//.test(cmd.name?.text ?? '') || !/^(stop|teardown)$/.test(words[0] ?? '')) return undefined;
      [unit, how] = [cmd.name, words[0] === 'teardown' ? 'Unloads every profile of' : 'Stops'];
    } else if (p === 'systemctl') {
      if (hasFlag(cmd, '--user')) return undefined;
      const pos = positionals(cmd);
      if (!/^(stop|disable|mask|kill)$/.test(pos[0]?.text ?? '')) return undefined;
      unit = pos.slice(1).find((w) => PROTECTION_UNITS.test(w.text.replace(/\.service$/, '')));
      how = pos[0]!.text === 'stop' || pos[0]!.text === 'kill' ? 'Stops' : pos[0]!.text === 'mask' ? 'Masks (cannot be started)' : 'Disables';
    } else if (p === 'service') {
      const pos = positionals(cmd);
      if (!/^(stop|teardown)$/.test(pos[1]?.text ?? '') || !PROTECTION_UNITS.test(pos[0]?.text ?? '')) return undefined;
      [unit, how] = [pos[0], pos[1]!.text === 'teardown' ? 'Unloads every profile of' : 'Stops'];
    } else if (p === 'sc') {
      // sc [\\server] stop|delete|config NAME [start= disabled]
      const at = words[0]?.startsWith('\\') ? 1 : 0;
      const verb = words[at];
      const name = cmd.args[at + 1];
      if (!name || !PROTECTION_SERVICES.test(name.text)) return undefined;
      if (verb === 'stop') how = 'Stops';
      else if (verb === 'delete') how = 'Deletes';
      else if (verb === 'config' && words.some((w, i) => (w === 'start=' && words[i + 1] === 'disabled') || w === 'start=disabled')) how = 'Disables';
      else return undefined;
      unit = name;
    } else if (p === 'net') {
      if (words[0] !== 'stop' || !PROTECTION_SERVICES.test(cmd.args[1]?.text ?? '')) return undefined;
      [unit, how] = [cmd.args[1], 'Stops'];
    } else {
      const params = pwshParams(cmd);
      const names = [...(params.get('name') ?? []), ...cmd.args.filter((w, i) => i === 0 && !w.text.startsWith('-'))];
      unit = names.find((w) => PROTECTION_SERVICES.test(w.text));
      if (!unit) return undefined;
      if (p === 'stop-service') how = 'Stops';
      else if (/^disabled$/i.test(param(params, 'startuptype', 2)?.text ?? '')) how = 'Disables';
      else if (/^stopped$/i.test(param(params, 'status', 2)?.text ?? '')) how = 'Stops';
      else return undefined;
    }
    if (!unit) return undefined;
    const name = unit.text.replace(/\.service$/, '').replace(/^.*\//, '');
    return finding(cmd, rc, 'high', `${how} ${name}, a service that protects the machine${how === 'Disables' || how.startsWith('Masks') ? ', and it stays off after a reboot' : ''}: ${what(name)}.`, p === 'systemctl' || p === 'service' ? `Restart it instead if it misbehaves (systemctl restart ${name}); turn it back on with systemctl enable --now ${name}.` : `Turn it back on with sc config ${name} start= auto and sc start ${name}.`, undefined, `service ${name}`);
  },
  examples: {
    match: [
      { cmd: 'sudo systemctl stop auditd', exactly: 'high', target: 'service auditd' },
      { cmd: 'sudo systemctl disable --now apparmor', exactly: 'high' },
      { cmd: 'sudo service fail2ban stop', exactly: 'high' },
      { cmd: 'sudo service apparmor teardown', exactly: 'high' },
      { cmd: 'sudo /etc/init.d/auditd stop', exactly: 'high', target: 'service auditd' },
      { cmd: 'systemctl mask clamav-daemon.service', exactly: 'high' },
      { cmd: 'cmd /c sc stop WinDefend', ctx: PWSH, exactly: 'high' },
      { cmd: 'cmd /c sc config MpsSvc start= disabled', ctx: PWSH, exactly: 'high' },
      { cmd: 'cmd /c net stop mpssvc', ctx: PWSH, exactly: 'high' },
      { cmd: 'Stop-Service -Name WinDefend -Force', ctx: PWSH, exactly: 'high' },
      { cmd: 'Set-Service -Name EventLog -StartupType Disabled', ctx: PWSH, exactly: 'high' },
    ],
    nearMiss: ['sudo /etc/init.d/auditd status', 'sudo systemctl restart auditd', 'systemctl status apparmor', 'sudo systemctl stop nginx', 'sudo service fail2ban status', { cmd: 'cmd /c sc query WinDefend', ctx: PWSH }, { cmd: 'cmd /c sc start WinDefend', ctx: PWSH }, { cmd: 'cmd /c net start mpssvc', ctx: PWSH }, { cmd: 'Get-Service WinDefend', ctx: PWSH }, { cmd: 'Set-Service -Name WinDefend -StartupType Automatic', ctx: PWSH }, { cmd: 'Stop-Service -Name Spooler', ctx: PWSH }],
  },
};

function what(service: string): string {
  const s = service.toLowerCase();
  if (/^(auditd|eventlog|sysmon|sysmon64)$/.test(s)) return 'what happens on it is no longer recorded';
  if (/^(mpssvc|bfe|fail2ban)$/.test(s)) return 'network connections are no longer filtered';
  if (s === 'apparmor') return 'programs are no longer confined';
  return 'malware is no longer detected or blocked';
}

// ---------------------------------------------------------------------------------------------
// Certificate and host-key verification switched off for later connections

/** A key, case-insensitively, set to a value that turns verification off. */
interface VerifyKey {
  key: RegExp;
  /** The value that turns it off. */
  off: RegExp;
  what: string;
  undo: string;
  /** At most this severity, whatever the scope (a switch people set on purpose in containers). */
  atMost?: Severity;
}

const GIT_KEYS: readonly VerifyKey[] = [
  { key: /^http\.sslverify$/i, off: OFF, what: 'git stops checking the TLS certificates of the servers it talks to', undo: 'git config --global --unset http.sslVerify' },
  { key: /^http\..+\.sslverify$/i, off: OFF, what: 'git stops checking the TLS certificate of that server', undo: 'git config --global --unset-all http.<url>.sslVerify' },
  { key: /^safe\.directory$/i, off: /^\*$/, what: 'git stops refusing repositories owned by other users, whose config and hooks can run programs as you', undo: "git config --global --unset-all safe.directory '*'", atMost: 'medium' },
  { key: /^core\.sshcommand$/i, off: /stricthostkeychecking[= ]+(no|off)|userknownhostsfile[= ]+\/dev\/null/i, what: 'git stops checking SSH host keys, so a server impersonating the remote is not noticed', undo: 'git config --global --unset core.sshCommand' },
];

const PACKAGE_KEYS: readonly VerifyKey[] = [
  { key: /^(strict-ssl|enablestrictssl)$/i, off: OFF, what: 'the package manager stops checking the registry\'s TLS certificate, so a man in the middle can serve any package', undo: 'npm config delete strict-ssl' },
  { key: /^ssl_verify$/i, off: OFF, what: 'conda stops checking TLS certificates, so a man in the middle can serve any package', undo: 'conda config --set ssl_verify true' },
  { key: /^disable-tls$/i, off: ON, what: 'Composer downloads over plain HTTP, so a man in the middle can serve any package', undo: 'composer config -g --unset disable-tls' },
  { key: /^secure-http$/i, off: OFF, what: 'Composer allows plain-HTTP package sources', undo: 'composer config -g --unset secure-http' },
  { key: /^auth\/disable_ssl_validation$/i, off: ON, what: 'gcloud stops checking TLS certificates of Google APIs', undo: 'gcloud config unset auth/disable_ssl_validation' },
  { key: /^ssl_verify_mode$/i, off: /^0$/, what: 'Bundler stops checking the TLS certificates of gem sources', undo: 'bundle config unset ssl_verify_mode' },
  { key: /^(global|install)\.trusted-host$/i, off: /./, what: 'pip stops checking the TLS certificate of that host', undo: 'pip config unset global.trusted-host' },
];

/** `KEY VALUE` or `KEY=VALUE` after the config verb: the key word, its value word, and where. */
function keyValue(args: readonly Word[], keys: readonly VerifyKey[]): { spec: VerifyKey; key: Word; value: Word } | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const eq = w.text.indexOf('=');
    const keyText = eq > 0 && !w.text.startsWith('-') ? w.text.slice(0, eq) : w.text;
    const spec = keys.find((k) => k.key.test(keyText));
    if (!spec) continue;
    const value = eq > 0 && !w.text.startsWith('-') ? { ...w, text: w.text.slice(eq + 1) } : args[i + 1];
    if (value && spec.off.test(value.text)) return { spec, key: w, value };
  }
  return undefined;
}

const TLS = 'stop checking TLS certificates';
const HOST_KEYS = 'stop checking SSH host keys';
const CHECKSUMS = 'stop checking Go module checksums against the checksum database';

/** Environment variables that switch certificate, host-key or checksum checks off for every program that reads them. */
const VERIFY_ENV: Readonly<Record<string, { off: RegExp; what: string }>> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { off: /^0$/, what: TLS },
  GIT_SSL_NO_VERIFY: { off: /^(1|true|yes)$/i, what: TLS },
  PYTHONHTTPSVERIFY: { off: /^0$/, what: TLS },
  BUNDLE_SSL_VERIFY_MODE: { off: /^0$/, what: TLS },
  ANSIBLE_HOST_KEY_CHECKING: { off: /^(false|0|no)$/i, what: HOST_KEYS },
  GIT_SSH_COMMAND: { off: /stricthostkeychecking[= ]+(no|off)/i, what: HOST_KEYS },
  GOSUMDB: { off: /^off$/, what: CHECKSUMS },
  GONOSUMDB: { off: /^\*$/, what: CHECKSUMS },
  GOINSECURE: { off: /^\*$/, what: 'download Go modules over plain HTTP or without checking certificates' },
  GOFLAGS: { off: /(^|\s)-insecure\b/, what: 'download Go modules over plain HTTP or without checking certificates' },
};

/** SSH client configuration files: per-user and machine-wide. */
const SSH_CONFIG = /(^|\/)(\.ssh\/config|ssh_config(\.d\/[^/]+)?)$/;
const SSHD_CONFIG = /(^|\/)sshd_config(\.d\/[^/]+)?$/;
/** sshd_config settings that switch the server's safeguards off (sshd_config(5)). */
const SSHD_WEAK: readonly { re: RegExp; setting: string; severity: Severity; what: string; undo: string }[] = [
  { re: /permitemptypasswords\s+yes/i, setting: 'PermitEmptyPasswords yes', severity: 'high', what: 'accounts without a password can log in over SSH', undo: 'PermitEmptyPasswords no' },
  { re: /permitrootlogin\s+yes/i, setting: 'PermitRootLogin yes', severity: 'high', what: 'root can log in over SSH with a password', undo: 'PermitRootLogin prohibit-password' },
  { re: /passwordauthentication\s+yes/i, setting: 'PasswordAuthentication yes', severity: 'medium', what: 'every account can log in over SSH with a password, open to guessing', undo: 'PasswordAuthentication no' },
];
const HOSTKEY_OFF = /stricthostkeychecking\s*[= ]\s*(no|off)|userknownhostsfile\s*[= ]\s*\/dev\/null/i;

const verificationOff: Rule = {
  id: 'protection.verification-off',
  description: 'Certificate, checksum or SSH host-key verification switched off for every later connection, or the SSH server\'s safeguards (PermitRootLogin, PermitEmptyPasswords, PasswordAuthentication yes): git config http.sslVerify false or core.sshCommand with StrictHostKeyChecking=no, npm/pnpm/yarn strict-ssl false, conda ssl_verify false, composer disable-tls/secure-http, gcloud auth/disable_ssl_validation, pip trusted-host, kubectl --insecure-skip-tls-verify, NODE_TLS_REJECT_UNAUTHORIZED=0 and similar variables exported or set with setx, StrictHostKeyChecking no written into ssh_config.',
  severity: 'high',
  programs: '*',
  check(cmd, rc) {
    const p = cmd.program;
    if (p === 'git') {
      const i = cmd.args.findIndex((w) => w.text === 'config');
      if (i < 0) return undefined;
      const rest = cmd.args.slice(i + 1);
      if (rest.some((w) => /^--(unset|unset-all|get|get-all|list|l)$/.test(w.text) || /^(unset|get|list)$/.test(w.text))) return undefined;
      const hit = keyValue(rest, GIT_KEYS);
      if (!hit) return undefined;
      const wide = rest.some((w) => w.text === '--global' || w.text === '--system');
      const oneHost = /^http\..+\./i.test(hit.key.text);
      return finding(cmd, rc, wide && !oneHost && !hit.spec.atMost ? 'high' : 'medium', `${hit.key.text} = ${hit.value.text}${wide ? ` for every repository (${rest.find((w) => w.text === '--global' || w.text === '--system')!.text})` : ' in this repository'}: ${hit.spec.what}.`, `Trust the server's certificate instead (http.sslCAInfo) or add its host key to known_hosts; undo with ${hit.spec.undo}.`, hit.value, `setting ${hit.key.text}`);
    }
    if (p === 'npm' || p === 'pnpm' || p === 'yarn' || p === 'bundle' || p === 'conda' || p === 'mamba' || p === 'micromamba' || p === 'composer' || p === 'gcloud' || p === 'pip' || p === 'pip3') {
      const i = cmd.args.findIndex((w) => w.text === 'config' || w.text === 'c');
      if (i < 0) return undefined;
      const rest = cmd.args.slice(i + 1);
      const hit = keyValue(rest, PACKAGE_KEYS);
      if (!hit) return undefined;
      const local = rest.some((w) => /^(--location=project|--location project|--local|--env|--file)$/.test(w.text)) || (p === 'composer' && !rest.some((w) => w.text === '-g' || w.text === '--global')) || (p === 'yarn' && /^enablestrictssl$/i.test(hit.key.text) && !rest.some((w) => w.text === '-H' || w.text === '--home')) || /trusted-host/i.test(hit.key.text);
      return finding(cmd, rc, local ? 'medium' : 'high', `${hit.key.text} = ${hit.value.text}${local ? ' for this project' : ' for every project of this user'}: ${hit.spec.what}.`, `Point it at your company's CA certificate instead (cafile / cert); undo with ${hit.spec.undo}.`, hit.value, `setting ${hit.key.text}`);
    }
    if ((p === 'kubectl' || p === 'oc') && cmd.args[0]?.text === 'config' && /^set-cluster$/.test(cmd.args[1]?.text ?? '')) {
      const flag = cmd.args.find((w) => /^--insecure-skip-tls-verify(=true)?$/.test(w.text));
      if (!flag) return undefined;
      return finding(cmd, rc, 'medium', `Stops checking the API server certificate of cluster ${cmd.args[2]?.text ?? ''} in the kubeconfig: every later kubectl call to it can be intercepted.`, 'Set --certificate-authority=ca.crt instead; undo with --insecure-skip-tls-verify=false.', flag, `cluster ${cmd.args[2]?.text ?? ''}`);
    }
    // Environment: `export X=…` (this shell session), setx / [Environment]::SetEnvironmentVariable (persistent), `$env:X = …`.
    const goEnv = p === 'go' && cmd.args[0]?.text === 'env' && cmd.args.some((w) => w.text === '-w');
    if (p === 'export' || p === '' || p === 'setx' || p === '[environment]::setenvironmentvariable' || goEnv) {
      const pairs: { name: string; value: string; at: Word | undefined }[] = [];
      if (p === 'export' || p === '') for (const a of cmd.assignments) pairs.push({ name: a.name.replace(/^env:/i, ''), value: a.value?.text ?? '', at: a.value });
      else if (goEnv) {
        for (const w of cmd.args.slice(1)) if (w.text.includes('=')) pairs.push({ name: w.text.slice(0, w.text.indexOf('=')), value: w.text.slice(w.text.indexOf('=') + 1), at: w });
      } else pairs.push({ name: cmd.args[0]?.text ?? '', value: cmd.args[1]?.text ?? '', at: cmd.args[1] });
      const hit = pairs.find((x) => own(VERIFY_ENV, x.name.toUpperCase())?.off.test(x.value));
      if (!hit) return undefined;
      const persistent = p !== 'export' && p !== '';
      const machine = persistent && cmd.args.some((w) => /^(\/m|machine)$/i.test(w.text));
      const undo = goEnv ? `go env -u ${hit.name}` : persistent ? `setx ${hit.name} ""` : `unset ${hit.name}`;
      return finding(cmd, rc, persistent ? 'high' : 'medium', `${hit.name}=${hit.value} ${persistent ? `is saved for ${machine ? 'every user of this machine' : 'every later session of this user'}` : 'is set for the rest of this shell session'}: programs that read it ${VERIFY_ENV[hit.name.toUpperCase()]!.what}.`, `Trust the certificate or host instead (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, GOPRIVATE for private modules); remove it with ${undo}.`, hit.at, `variable ${hit.name}`);
    }
    // The ssh server's own safeguards switched off in sshd_config.
    const server = fileWritten(cmd, SSHD_CONFIG);
    if (server) {
      const text = writtenText(cmd);
      const weak = SSHD_WEAK.find((x) => x.re.test(text));
      if (!weak) return undefined;
      return finding(cmd, rc, weak.severity, `Writes ${weak.setting} into ${server.text}: ${weak.what} once sshd reloads.`, `Use keys for the account that needs access instead; set it back (${weak.undo}) and reload sshd.`, server, `file ${server.text}`);
    }
    // StrictHostKeyChecking no written into an ssh client configuration file.
    const file = fileWritten(cmd, SSH_CONFIG);
    if (!file) return undefined;
    const text = writtenText(cmd);
    if (!HOSTKEY_OFF.test(text)) return undefined;
    const t = pathTarget(file, rc);
    const oneHost = /(^|\n|\\n)\s*Host\s+(?!\*)\S/i.test(text) && !/(^|\n|\\n)\s*Host\s+\*/i.test(text);
    const machine = t.cls === 'system' || file.text.startsWith('/etc/');
    return finding(cmd, rc, oneHost && !machine ? 'medium' : 'high', `Writes ${/userknownhostsfile/i.test(text) && !/stricthostkeychecking/i.test(text) ? 'UserKnownHostsFile /dev/null' : 'StrictHostKeyChecking no'} into ${file.text}: ssh stops checking host keys${machine ? ' for every user of this machine' : oneHost ? ' for that host' : ' for every host'}, so a server impersonating another is not noticed.`, 'Add the real host key instead (ssh-keyscan HOST >> ~/.ssh/known_hosts, after checking its fingerprint); remove the line to turn checking back on.', file, `file ${file.text}`);
  },
  examples: {
    match: [
      { cmd: 'git config --global http.sslVerify false', exactly: 'high', target: 'setting http.sslVerify' },
      { cmd: 'git config --system http.sslverify 0', exactly: 'high' },
      { cmd: 'git config http.sslVerify false', exactly: 'medium' },
      { cmd: 'git config --global http.https://git.corp.example.com/.sslVerify false', exactly: 'medium' },
      { cmd: 'git config --global core.sshCommand "ssh -o StrictHostKeyChecking=no"', exactly: 'high' },
      { cmd: 'npm config set strict-ssl false', exactly: 'high' },
      { cmd: 'npm config set strict-ssl=false --location=project', exactly: 'medium' },
      { cmd: 'pnpm config set strict-ssl false', exactly: 'high' },
      { cmd: 'yarn config set strict-ssl false', exactly: 'high' },
      { cmd: 'yarn config set enableStrictSsl false -H', exactly: 'high' },
      { cmd: 'conda config --set ssl_verify false', exactly: 'high' },
      { cmd: 'composer config -g disable-tls true', exactly: 'high' },
      { cmd: 'composer config secure-http false', exactly: 'medium' },
      { cmd: 'gcloud config set auth/disable_ssl_validation True', exactly: 'high' },
      { cmd: 'pip config set global.trusted-host pypi.internal.example.com', exactly: 'medium' },
      { cmd: 'kubectl config set-cluster staging --insecure-skip-tls-verify=true', exactly: 'medium' },
      { cmd: 'export NODE_TLS_REJECT_UNAUTHORIZED=0', exactly: 'medium' },
      { cmd: 'go env -w GOSUMDB=off', exactly: 'high' },
      { cmd: 'go env -w GOFLAGS=-insecure GONOSUMDB=*', exactly: 'high' },
      { cmd: 'bundle config set --global ssl_verify_mode 0', exactly: 'high' },
      { cmd: "git config --global --add safe.directory '*'", exactly: 'medium' },
      { cmd: 'export GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=no"', exactly: 'medium' },
      { cmd: 'setx NODE_TLS_REJECT_UNAUTHORIZED 0 /M', ctx: PWSH, exactly: 'high' },
      { cmd: 'cmd /c setx GIT_SSL_NO_VERIFY 1', ctx: PWSH, exactly: 'high' },
      { cmd: "[Environment]::SetEnvironmentVariable('GIT_SSL_NO_VERIFY', 'true', 'User')", ctx: PWSH, exactly: 'high' },
      { cmd: 'echo "StrictHostKeyChecking no" >> ~/.ssh/config', exactly: 'high' },
      { cmd: "printf 'Host *\\n  StrictHostKeyChecking no\\n  UserKnownHostsFile /dev/null\\n' | sudo tee -a /etc/ssh/ssh_config", exactly: 'high' },
      { cmd: "sudo sed -i 's/^#\\?\\s*StrictHostKeyChecking.*/StrictHostKeyChecking no/' /etc/ssh/ssh_config", exactly: 'high' },
      { cmd: "printf 'Host build-box\\n  StrictHostKeyChecking no\\n' >> ~/.ssh/config", exactly: 'medium' },
      { cmd: "sudo sed -i 's/^#\\?PermitRootLogin.*/PermitRootLogin yes/' /etc/ssh/sshd_config", exactly: 'high' },
      { cmd: "echo 'PasswordAuthentication yes' | sudo tee /etc/ssh/sshd_config.d/50-password.conf", exactly: 'medium' },
      { cmd: "sudo sed -i '$a PermitEmptyPasswords yes' /etc/ssh/sshd_config", exactly: 'high' },
    ],
    nearMiss: [
      'git config --global --get http.sslVerify',
      'git config --global http.sslVerify true',
      'git config --global --unset http.sslVerify',
      'git commit -m "set http.sslVerify false in CI docs"',
      'git config --global core.sshCommand "ssh -i ~/.ssh/deploy_key"',
      'npm config get strict-ssl',
      'npm config set strict-ssl true',
      'npm config set cafile /etc/ssl/certs/corp-ca.pem',
      'yarn config get strict-ssl',
      'conda config --show ssl_verify',
      'conda config --set ssl_verify /etc/ssl/certs/corp-ca.pem',
      'gcloud config list',
      'pip config list',
      'kubectl config set-cluster staging --certificate-authority=ca.crt',
      'export NODE_TLS_REJECT_UNAUTHORIZED=1',
      'go env -w GOPRIVATE=git.corp.example.com/*',
      'go env GOSUMDB',
      'bundle config set --local path vendor/bundle',
      'git config --global --add safe.directory /workspace',
      'export NODE_EXTRA_CA_CERTS=/etc/ssl/corp-ca.pem',
      'NODE_TLS_REJECT_UNAUTHORIZED=0 node scripts/fetch-fixtures.js',
      'ssh -o StrictHostKeyChecking=accept-new deploy@web01 uptime',
      'echo "StrictHostKeyChecking no"',
      'grep -i StrictHostKeyChecking ~/.ssh/config',
      'echo "ServerAliveInterval 60" >> ~/.ssh/config',
      'cat ~/.ssh/config',
      "sudo sed -i 's/^#\\?PasswordAuthentication.*/PasswordAuthentication no/' /etc/ssh/sshd_config",
      'sudo sshd -t -f /etc/ssh/sshd_config',
      "sudo sed -i 's/PermitRootLogin yes/PermitRootLogin no/' /etc/ssh/sshd_config",
      "sed -i 's/StrictHostKeyChecking no/StrictHostKeyChecking yes/' ~/.ssh/config",
    ],
  },
};

/**
 * The text a command puts into a file: its arguments and input, or for sed only what its
 * scripts write (the replacement of `s/…/…/`, the text of `a`, `i`, `c`), so that
 * `s/PermitRootLogin yes/PermitRootLogin no/` is read as writing `no`.
 */
function writtenText(cmd: SimpleCommand): string {
  if (cmd.program !== 'sed') return [...cmd.args.map((w) => w.text), cmd.stdin?.text ?? ''].join('\n');
  const out: string[] = [];
  for (const w of cmd.args) {
    const t = w.text;
    const sub = /^(?:[^s]*?)s(.)/.exec(t);
    if (sub && !/[\w\s\\]/.test(sub[1]!)) {
      const parts = t.slice(sub[0].length).split(new RegExp(`(?<!\\\\)\\${sub[1]!}`));
      if (parts.length >= 2) out.push(parts[1]!);
    } else if (/^(\$|\d+|\/[^/]*\/)?\s*[aic]\\?\s/.test(t)) out.push(t.replace(/^(\$|\d+|\/[^/]*\/)?\s*[aic]\\?\s*/, ''));
  }
  return out.join('\n');
}

/** The file matching `name` that a command writes to: a redirect, tee, or sed -i. */
function fileWritten(cmd: SimpleCommand, name: RegExp): Word | undefined {
  for (const r of cmd.redirects) if (r.target && /^(>|>>|>\||&>|&>>)$/.test(r.op) && name.test(r.target.text)) return r.target;
  if (cmd.program === 'tee') return positionals(cmd).find((w) => name.test(w.text));
  if (cmd.program === 'sed' && cmd.args.some((w) => /^-[a-zA-Z]*i/.test(w.text) || w.text.startsWith('--in-place'))) return positionals(cmd).find((w) => name.test(w.text));
  return undefined;
}

export const protectionPack: RulePack = {
  name: 'protection',
  description: 'Protection switched off: firewalls, antivirus and endpoint protection, SELinux/AppArmor/Gatekeeper/SIP, auditing, the services behind them, and certificate or host-key verification for later connections.',
  rules: [firewallOff, antivirusOff, registryOff, accessControlOff, auditOff, protectionService, verificationOff],
};
