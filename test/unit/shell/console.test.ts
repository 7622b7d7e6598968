import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { consoleCode, leadsWithVerb, splitRequests } from '../../../src/core/shell/console';
import { looksLikeSql } from '../../../src/core/shell/embedded';
import type { ParsedLine } from '../../../src/core/shell/model';
import { argTexts, parse, textOf } from './helpers';
import { analyze, describeVerdict } from '../command/packs/table';

/** The commands a console read from the line: program, arguments and how they were given. */
function requestsOf(p: ParsedLine): [string, string[], string | undefined][] {
  return p.commands.filter((c) => c.via.length > 0).map((c) => [c.program, argTexts(c), c.via[c.via.length - 1]!.target]);
}

describe('requests typed to a console', () => {
  test('text splits into lines and ;-statements, outside quotes, without comments and carriage returns', () => {
    assert.deepEqual(splitRequests('writemode on; clearrange "a;b" z\r\n# note\n\nlist\\r\n'), ['writemode on', 'clearrange "a;b" z', 'list']);
  });

  test("each request is the console's own subcommand, SQL is left to the SQL reader", () => {
    const sql = { isSql: looksLikeSql };
    // upper-case keywords in lower case, "do not ask" words as options
    assert.equal(consoleCode('rman', 'DELETE NOPROMPT BACKUP;\nEXIT;', sql), 'rman delete --no-prompt backup');
    assert.equal(consoleCode('tsm', 'delete backup * force\ndelete volume=V7 yes', sql), 'tsm delete backup * --force\ntsm delete volume=V7 --yes');
    assert.equal(consoleCode('tsdb', "disable 'logs'\ndrop 'logs'", sql), "tsdb disable 'logs'\ntsdb drop 'logs'");
    assert.equal(consoleCode('isql', 'DROP TABLE orders', sql), 'sql');
    // a verb after one constructive context word is the request's verb
    assert.equal(consoleCode('nsupdate', 'server ns1\nupdate delete www.example.com A\nsend'), 'nsupdate server ns1\nnsupdate delete www.example.com A');
    // a context the console was put in stands before the request
    assert.equal(consoleCode('ntdsutil', 'delete *', { context: ['snapshot'] }), 'ntdsutil snapshot delete *');
    // a shell escape, an HTTP request line, an LDIF delete
    assert.equal(consoleCode('tool', '!rm -rf /srv/x'), 'rm -rf /srv/x');
    assert.equal(consoleCode('hurl', 'DELETE https://search.example.com/indexes/books'), 'curl -X DELETE https://search.example.com/indexes/books');
    assert.equal(consoleCode('ldapmodify', 'dn: cn=devs,ou=groups,dc=x\nchangetype: delete\n'), "ldapdelete 'cn=devs,ou=groups,dc=x'");
  });

  test('data, prose, titles and answers are not requests', () => {
    for (const t of ['{"action":"delete"}', 'action: delete\nid: 4', 'mode=delete', 'delete the old branches please', 'Delete Me.pdf', 'y', 'quit', 'MATCH (n) DETACH DELETE n']) assert.equal(consoleCode('tool', t), undefined, t);
  });

  test('a request leads with a verb, perhaps after a context word', () => {
    for (const t of ['delete backup *', 'manage truncate ns x', 'DROP x', 'purge logs all']) assert.ok(leadsWithVerb(t), t);
    for (const t of ['add delete-me', 'show deleted', 'list backups', 'Delete Me', 'hello world']) assert.ok(!leadsWithVerb(t), t);
  });

  const read: [string, [string, string[], string | undefined][]][] = [
    ["rman target / <<< 'DELETE NOPROMPT OBSOLETE;'", [['rman', ['delete', '--no-prompt', 'obsolete'], 'here-string']]],
    ["echo 'purge volume=Full-0031 yes' | bconsole", [['bconsole', ['purge', 'volume=Full-0031', '--yes'], 'stdin']]],
    ["sftp -b - ops@files.example.com <<'EOF'\nrm /exports/nightly/*\nbye\nEOF", [['sftp', ['rm', '/exports/nightly/*'], 'heredoc']]],
    ["printf 'FLUSHALL\\r\\n' | socat - TCP:redis-prod:6379", [['redis-cli', ['-h', 'redis-prod', '-p', '6379', 'FLUSHALL'], 'stdin']]],
    // an admin socket belongs to its service; a short sweeping request makes any program a console
    ["echo 'clear table st_src' | socat stdio /run/haproxy/admin.sock", [['haproxy', ['clear', 'table', 'st_src'], 'stdin']]],
    ["echo 'delete shadows all' | diskshadow", [['diskshadow', ['delete', 'shadows', 'all'], 'stdin']]],
    ['dsmadmc -id=admin "delete filespace NODE7 * type=any"', [['dsmadmc', ['delete', 'filespace', 'NODE7', '*', 'type=any'], 'quoted request']]],
    ['ntdsutil "activate instance ntds" snapshot "delete *" quit quit', [['ntdsutil', ['activate', 'instance', 'ntds'], 'quoted request'], ['ntdsutil', ['snapshot', 'delete', '*'], 'quoted request']]],
    ["kitty @ send-text --match title:prod 'rm -rf /srv/data'", [['rm', ['-rf', '/srv/data'], 'quoted request']]],
    // a double-quoted command line with variables is read too (double quotes must not hide it)
    ['concurrently "rm -rf $HOME/projects" "npm start"', [['rm', ['-rf', '$HOME/projects'], 'quoted request']]],
    ["rsh web01 'rm -rf /var/www'", [['rm', ['-rf', '/var/www'], 'web01']]],
    ['asadm -h aero1 -e "manage truncate ns prod set users"', [['asadm', ['manage', 'truncate', 'ns', 'prod', 'set', 'users'], '-e']]],
    // one request that destroys, to a program named as a console, with no server option
    ['gfsh -e "destroy region --name=/orders"', [['gfsh', ['destroy', 'region', '--name=/orders'], '-e']]],
    ["vtysh -c 'delete interface eth3'", [['vtysh', ['delete', 'interface', 'eth3'], '-c']]],
    // a manager console (`…mgr`) given one destroying request
    ['qmgr -c "delete queue gpuq"', [['qmgr', ['delete', 'queue', 'gpuq'], '-c']]],
    // a named console's -C request
    ['zabbix-cli -C "remove_host db-prod-01"', [['zabbix-cli', ['remove_host', 'db-prod-01'], '-C']]],
    // a console's own rm, not the shell's
    ['deluge-console "connect 127.0.0.1:58846; rm --remove_data 6f2a9e0c"', [['deluge-console', ['rm', '--remove_data', '6f2a9e0c'], 'quoted request']]],
    ['ledgerctl shell purge-ledgers --all', [['ledgerctl', ['purge-ledgers', '--all'], 'shell']]],
    ['diagctl exec="set home /diag/db1; purge -age 0"', [['diagctl', ['purge', '-age', '0'], 'exec=']]],
  ];
  for (const [line, want] of read) {
    test(`${line.split('\n')[0]} reads its requests`, async () => {
      const got = requestsOf(await parse(line));
      for (const w of want) assert.ok(got.some((g) => JSON.stringify(g) === JSON.stringify(w)), `${JSON.stringify(w)} not in ${JSON.stringify(got)}`);
    });
  }

  test('each request keeps its place in the line', async () => {
    for (const [line, request] of [
      ["rman target / <<'EOF'\nCONFIGURE RETENTION POLICY TO REDUNDANCY 2;\nDELETE NOPROMPT OBSOLETE;\nEOF", 'DELETE NOPROMPT OBSOLETE'],
      ['dsmadmc -id=admin "delete filespace NODE7 *"', 'delete filespace NODE7 *'],
      ["echo 'purge volume=Full-0031 yes' | bconsole", 'purge volume=Full-0031 yes'],
    ]) {
      const p = await parse(line!);
      const c = p.commands.filter((x) => x.via.length > 0).pop()!;
      assert.equal(textOf(p, c.span), request, line);
    }
  });

  const quiet = [
    "echo 'delete me' | wc -l",
    "echo 'drop the staging table' | llm",
    "echo 'delete all' | aws s3 cp - s3://b/k",
    "echo 'rm -rf /' | curl --data-binary @- https://paste.example.com",
    "printf 'delete x\\n' | mytool import",
    "echo 'delete x' | mytool add",
    "echo '{\"op\":\"delete\"}' | mytool",
    "printf 'PING\\r\\n' | nc redis01 6379",
    'logger "removed old backups"',
    'notify-send "Deleted 3 files"',
    'mytool "hello $NAME, welcome"',
    'mytool "delete $NAME now"',
    'todo add "delete old branches"',
    'todo -c "delete old files"',
    // a console given one request that does not destroy
    "vtysh -c 'show running-config'",
    'gfsh -e "list regions"',
    'xdg-open "Remove Old Files.txt"',
    'fzf -q "delete branch"',
    'mytool -s "delete backup *"',
    "mytool --help <<< 'delete x'",
    'ledgerctl shell list-ledgers',
    // linters, scripts and runtimes read data on their input; a single lower-case word answers a prompt
    "shellcheck -s bash <<< 'rm -rf $x'",
    "prettier --stdin-filepath notes.md <<< 'delete old stuff'",
    "echo 'delete x' | ./my-script.sh",
    "echo 'drop x' | java -jar app.jar",
    "echo 'delete' | tool confirm",
    "echo 'delete x' | mytool",
  ];
  for (const line of quiet) {
    test(`${line} types no request`, async () => {
      assert.deepEqual(requestsOf(await parse(line)), []);
    });
  }
});

describe('remote runners of Windows', () => {
  const runs: [string, string, string, string?][] = [
    // line, inner program, via target, reach
    ['psexec \\\\app02 -s cmd /c "rmdir /s /q E:\\Data"', 'rmdir', '\\\\app02'],
    ['psexec \\\\* -u CORP\\admin cmd /c "del /q C:\\Temp\\*"', 'del', '\\\\*', 'every computer in the domain'],
    ['psexec @servers.txt -h cmd /c "del /q C:\\x"', 'del', '@servers.txt', 'every computer listed in servers.txt'],
    ['winrs -r:db07 "rd /s /q D:\\SQLBackups"', 'rd', 'db07'],
    ['runas /user:CORP\\svc "cmd /c del /q \\\\nas02\\share\\*"', 'del', 'the account CORP\\svc'],
    ['wmic /node:@hosts.txt process call create "cmd /c rd /s /q C:\\Temp"', 'rd', '@hosts.txt', 'every computer listed in hosts.txt'],
  ];
  for (const [line, program, target, reach] of runs) {
    test(`${line} runs ${program} elsewhere`, async () => {
      const p = await parse(`cmd /c ${line}`, 'pwsh');
      const c = p.commands.find((x) => x.program === program);
      assert.ok(c, `no ${program} in ${p.commands.map((x) => x.program).join(', ')}`);
      const v = c.via.find((x) => x.kind === 'remote');
      assert.equal(v?.target, target);
      if (reach) assert.match(v?.reach ?? '', new RegExp(reach));
    });
  }
});

describe('what the engine makes of console requests', () => {
  const held: [string, string, 'high' | 'critical', RegExp][] = [
    // line, rule, severity, what the finding (message or via) says
    ["echo 'DELETE NOPROMPT ARCHIVELOG ALL;' | rman target /", 'generic.destroy', 'critical', /DELETE NOPROMPT ARCHIVELOG ALL[\s\S]*reaches everything[\s\S]*rman stdin/],
    ["printf 'zone corp.example.com\\nupdate delete db.corp.example.com A\\nsend\\n' | nsupdate", 'generic.destroy', 'high', /deletes db\.corp\.example\.com \(nsupdate\)/],
    ['dsmadmc -id=admin "delete filespace NODE7 *"', 'generic.destroy', 'critical', /reaches everything \(\*\)[\s\S]*quoted request/],
    ["echo 'TRUNCATE TABLE audit_log' | nzsql -d warehouse", 'embedded.sql', 'high', /nzsql runs the SQL it is given on its standard input/],
    ["printf 'FLUSHALL\\r\\n' | socat - TCP:redis-prod:6379", 'db.redis-flush', 'critical', /redis-prod:6379/],
    ["echo 'DELETE https://search.example.com/indexes/books' | hurl", 'datastore.http-delete', 'high', /indexes\/books/],
    ["ldapmodify -H ldap://dir.example.com <<'EOF'\ndn: cn=devs,ou=groups,dc=x\nchangetype: delete\nEOF", 'identity.ldap-delete', 'high', /cn=devs,ou=groups,dc=x/],
    ["echo 'db.events.drop()' | docdb-shell", 'interpreter.client-call', 'high', /db\.events\.drop\(\)/],
  ];
  for (const [line, rule, severity, says] of held) {
    test(`${line.split('\n')[0]} is held`, async () => {
      const v = await analyze(line);
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      const f = v.findings.find((x) => x.ruleId === rule);
      assert.ok(f, describeVerdict(v));
      assert.equal(f.severity, severity, describeVerdict(v));
      assert.match(`${f.message} ${f.via ?? ''}`, says);
    });
  }

  const allowed = [
    "echo 'LIST BACKUP SUMMARY;' | rman target /",
    "printf 'server ns1\\nshow\\nsend\\n' | nsupdate",
    'dsmadmc -id=admin "query filespace NODE7"',
    "echo 'SELECT count(*) FROM audit_log' | nzsql -d warehouse",
    "printf 'PING\\r\\n' | socat - TCP:redis-prod:6379",
    "echo 'GET https://search.example.com/indexes/books' | hurl",
    "echo 'db.events.find()' | docdb-shell",
    "echo 'delete the old branches please' | llm",
    'git commit -m "Remove the delete button"',
  ];
  for (const line of allowed) {
    test(`${line} is allowed`, async () => {
      const v = await analyze(line);
      assert.equal(v.decision, 'allow', describeVerdict(v));
    });
  }
});

describe('PowerShell strings piped to a command', () => {
  const given: [string, string, string][] = [
    ["'delete volume=Vol-7 yes' | bconsole", 'bconsole', 'delete volume=Vol-7 yes'],
    ['"select disk 1`nclean" | diskpart', 'diskpart', 'select disk 1\nclean'],
    ["@'\nselect disk 2\nclean all\n'@ | diskpart", 'diskpart', 'select disk 2\nclean all'],
    ["Write-Output 'select disk 3' 'clean' | diskpart", 'diskpart', 'select disk 3\nclean'],
    // a cmd.exe line is read as `cmd /c LINE`: cmd's echo writes the rest of its line
    ['cmd /c echo delete volume=Vol-7 yes | bconsole', 'bconsole', 'delete volume=Vol-7 yes'],
  ];
  for (const [line, program, text] of given) {
    test(`${line.split('\n')[0]} gives ${program} its input`, async () => {
      const c = (await parse(line, 'pwsh')).commands.find((x) => x.program === program);
      assert.equal(c?.stdin?.text, text);
    });
  }
  test('a string that expands a variable is not known', async () => {
    const c = (await parse('"delete $name" | bconsole', 'pwsh')).commands.find((x) => x.program === 'bconsole');
    assert.equal(c?.stdin, undefined);
  });
});
