import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from '@killswitch/http';
import { Public } from '@killswitch/identity';
import { Jwks } from './jwk';
import { SigningKeysService } from './signing-keys.service';

/** The public keys that verify snapshots; the one public, cacheable answer (served from memory). */
@ApiTags('snapshots')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({
    description:
      'JWK Set (RFC 7517) of the previous, current and next Ed25519 keys. Each key also carries `status` and, except the first key ever made, `endorsement`: a compact JWS of the key by the key that was current when it was made.',
  })
  @ApiOperation({ summary: 'The public keys that verify device snapshots (JWKS)' })
  @ApiErrors(['unavailable', 'snapshot signing keys are not loaded yet'])
  jwks(): Jwks {
    return this.keys.jwks();
  }
}
