// jsonwebtoken with RS256 (deterministic: the same token as node's) and
// ES256 (random signatures: verified both ways), keys given as PEM (a
// fixed test key made for this program) and as KeyObjects.
const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const rsaPem = `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDgwZjTR8uCiItW
U/CgGblqwHT1ShwRb4joAgXOsXG5OL5eZCEOtx641MdsUQ4RjquyC8k7Bmo/3ePT
0n0LmAORM+6iP0moZsU/oOzqsIhXn0V6jtjAy4AAkY4tzJhA1tlC+bJusFB/BC9C
hH6vpKO3WF2PU5/jaLHD0PPcnv35MlRPyGXzWNAMsgJgng8NaLgDt3qh9vkLQ2kP
/xF/04gIePosRe3zx7rOWqO4yStaSEqymLkaXs5fdKVPQsxCAhPOcH6J0yLkklML
6v9WYmORH9wJmIiVBTVFqoF4OVSMD+colJIUfe+9FiKW0W8oqVS7vWApmltJcbPF
o1UO2yCRAgMBAAECggEAAMm09TKofDvpzyLqskj8zSrBDjYVDJuZPYT6S7v0A9v2
0OJlekV6klfOnirXk4iuQejIKxCN8UzgFldD0HVXN9xYfxGdOr2nfd5czkLRq4r3
paMYD+72synPd4oi04FdUB6LeVddZOCZINDRl+CKIWOqKk02/4dXrjHOlQyqo8O/
eJX2OaknBgyaDURMWJmAR3XcO2EEI1LHdReZQ+1iNWfnBOKtZ71sBZMFyv5zZaRu
GD/FBkxIJhNyaxUKDrNCJdfW4EzFtJ3LqGV/VfxkAl9P3/rOLKvVPBVEg85yUrQ1
LsWibggf/5rxrkpqMqPid6xS7K7WcPZ4unWtwqxaxQKBgQD4wXKr2TZAFPCn6/n1
IW+nCgc56ubEnJBzHbn7szMHRwrzcvkee/Ri0OHx2b5nPlNbXuQ1HMZZd+/z+Gds
/RuhQ0AuOh2NbUOFrfVt7UvaeQ6k80z2pr7cqOKCAxp7dRjz+hHYlzc5k1Qt71+D
9zUsVZbxwOJMaJAHaipIycxQpQKBgQDnTTnNdwhzVGCUQ8fpAiZUJvBi/YrBAd9/
JKCc366O6xcysdancnJj+PcINSAO8Go5gPvNLXITAidhW+sYP0Ftsexg3rnBmmfY
kv3xz+d2scFFP1JcwE2xkVuHCRSs6LBSMcdODqAYy/IbZDRedQ2GxIl9uO6Ep5gy
s5o69GzAfQKBgCo6BHJBlCD6rQOEXlELVP3BCQr+4h+cCDVSZYDhoZbpq2U6LinL
luezV7eLY/P4s4O+LvUJJm6HmpcKotvwd2E/nkR6nwuj8aNerVv0vTyf8il0F6uD
EME6dgDl7/fnH85CtAbVXI2MgeyuRsOLEl6tRMtTF9cqpNBtaDIk92b1AoGBAJ+B
J91CurcddsSHwXIzo07g02DQS0EyE3fQQFot/mhcQlEZRleOmsfKRkCIsiTbMcWZ
5wrkzgfBsnp3MrYz2ODWk5VxwlN6MSaupyR8JLg7eHZSZm/DxVAwVxfV8UYT6JOl
9DUl7M1sxvaQsXR57+wB2Ha0cvdTw6cjJ7aEHALZAoGBAJ2qgxaj05Oeub01iVOF
OLF+auCTCJr8GjBHZ1pi47L4k22v4jugxUm8tTWFh0f9mnGzAy0gGVPQ7KxC9pLQ
ND0iHuls/8A3Q2BNgAd/sDpFL4U3p0JQPlg8gjkWHes50fVNgtHRSMWn0Ii/nuVL
WufbqEO7Cd5agHUuEhlQS4yk
-----END PRIVATE KEY-----`;
const ecPem = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEILPFMo/k8b4gDjQiy8wJU+5r0JJMq69q2SIRg4kB2FRMoAoGCCqGSM49
AwEHoUQDQgAEpeaQZtGKWfq4TaS+mMvM5NKzOQpXGJsVk5d+yQsRUkTZUWOwC/42
uEaNU4ina6ExR80LsCJdT9FWwA6oYDUHPg==
-----END EC PRIVATE KEY-----`;
const rsaKey = crypto.createPrivateKey(rsaPem);
const rsaPublic = crypto.createPublicKey(rsaKey).export({ type: 'spki', format: 'pem' });
const claims = { sub: 'ada', scope: ['read', 'write'], iat: 1700000000 };
const rs = jwt.sign(claims, rsaPem, { algorithm: 'RS256', expiresIn: '1h', keyid: 'k1' });
console.log(rs);
console.log(jwt.verify(rs, rsaPublic, { algorithms: ['RS256'], clockTimestamp: 1700000100 }));
console.log(jwt.sign(claims, rsaKey, { algorithm: 'RS512' }).split('.')[2].length);
try { jwt.verify(rs, rsaPublic, { algorithms: ['ES256'] }); } catch (e) { console.log(e.name, e.message); }
const es = jwt.sign(claims, ecPem, { algorithm: 'ES256' });
const ecPublic = crypto.createPublicKey(ecPem);
console.log(es.split('.').length, es.split('.')[2].length);
console.log(jwt.verify(es, ecPublic, { algorithms: ['ES256'] }).sub);
const tampered = es.slice(0, es.lastIndexOf('.')) + '.' + Buffer.alloc(64, 1).toString('base64url');
try { jwt.verify(tampered, ecPublic); } catch (e) { console.log(e.name, e.message); }
const ps = jwt.sign(claims, rsaKey, { algorithm: 'PS256' });
console.log(jwt.verify(ps, rsaPublic, { algorithms: ['PS256'] }).scope);
